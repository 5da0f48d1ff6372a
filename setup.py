"""The optional C part of briefgen: the search index's word counting (briefgen/_wordcount.c).

Everything else is in pyproject.toml. The extension is optional: where it cannot be
compiled (no C compiler or no Python headers), the install goes on and briefgen counts
words in Python (searchindex._PyTally), with the same index, more slowly.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("briefgen._wordcount", ["briefgen/_wordcount.c"], optional=True),
    ]
)
