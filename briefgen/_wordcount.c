/* briefgen._wordcount: the builtin search index's word counting (searchindex.Tally), in C.
 *
 * A build's search index counts every word of every briefing: millions at 10,000
 * briefings, which is most of the index's time in Python (a bytes object, two dict
 * lookups and an int per word). Here a word costs a hash and one probe of a table of
 * the chunks met so far, with no object made; only a chunk seen for the first time in
 * the build is handed to Python (`resolve`), which stems it. searchindex.py's
 * `_PyTally` is the same thing in Python, used when this module was not compiled; the
 * tests hold the two to the same postings.
 *
 * A chunk is a run of bytes between ASCII separators (any ASCII byte but a letter or a
 * digit) in UTF-8 text, its ASCII letters in lower case: the chunks of
 * `data.translate(_SEPARATE).split()`.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    uint64_t hash;
    Py_ssize_t length; /* 0: an empty slot */
    char *bytes;       /* the chunk, lower case (malloc'ed) */
    Py_ssize_t *stems; /* the numbers of its words' stems (malloc'ed; NULL when none) */
    Py_ssize_t count;  /* how many */
} Chunk;

typedef struct {
    PyObject_HEAD
    PyObject *resolve;  /* chunk (bytes) -> sequence of stem numbers */
    PyObject *postings; /* list: a stem's number -> its postings (a list) */
    Chunk *table;
    size_t mask; /* table size - 1 (a power of two) */
    size_t used;
    long long *values; /* a stem's number -> its value in the briefing counted now */
    Py_ssize_t values_size;
    Py_ssize_t *touched; /* the stems with a value, in the order first counted */
    Py_ssize_t touched_count, touched_size;
    char *word; /* the chunk being read, lower case */
    Py_ssize_t word_size;
    int resolving; /* in a call of resolve, which must not count (the table would move) */
} Tally;

/* 1: a byte of a word (an ASCII letter or digit, or any byte of a non-ASCII character). */
static unsigned char in_word[256];
/* The byte in lower case (ASCII letters only). */
static unsigned char lower[256];

static int
grow_table(Tally *self)
{
    size_t size = (self->mask + 1) * 2;
    Chunk *table = PyMem_Calloc(size, sizeof(Chunk));
    if (table == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i <= self->mask; i++) {
        Chunk *old = &self->table[i];
        if (old->length == 0)
            continue;
        size_t at = (size_t)old->hash & (size - 1);
        while (table[at].length != 0)
            at = (at + 1) & (size - 1);
        table[at] = *old;
    }
    PyMem_Free(self->table);
    self->table = table;
    self->mask = size - 1;
    return 0;
}

static int
reserve_values(Tally *self, Py_ssize_t stem)
{
    if (stem < self->values_size)
        return 0;
    Py_ssize_t size = self->values_size ? self->values_size : 1024;
    while (size <= stem)
        size *= 2;
    long long *values = PyMem_Realloc(self->values, (size_t)size * sizeof(long long));
    if (values == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memset(values + self->values_size, 0, (size_t)(size - self->values_size) * sizeof(long long));
    self->values = values;
    self->values_size = size;
    return 0;
}

/* The chunk of LENGTH bytes at self->word with HASH: found in the table, or resolved by
 * Python and added. NULL with an exception set on failure. */
static Chunk *
find_chunk(Tally *self, uint64_t hash, Py_ssize_t length)
{
    size_t at = (size_t)hash & self->mask;
    for (;;) {
        Chunk *chunk = &self->table[at];
        if (chunk->length == 0)
            break;
        if (chunk->hash == hash && chunk->length == length &&
            memcmp(chunk->bytes, self->word, (size_t)length) == 0)
            return chunk;
        at = (at + 1) & self->mask;
    }
    PyObject *key = PyBytes_FromStringAndSize(self->word, length);
    if (key == NULL)
        return NULL;
    self->resolving = 1;
    PyObject *found = PyObject_CallOneArg(self->resolve, key);
    self->resolving = 0;
    Py_DECREF(key);
    if (found == NULL)
        return NULL;
    PyObject *stems = PySequence_Fast(found, "resolve must return a sequence of stem numbers");
    Py_DECREF(found);
    if (stems == NULL)
        return NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(stems);
    Py_ssize_t *numbers = NULL;
    if (count > 0) {
        numbers = PyMem_Malloc((size_t)count * sizeof(Py_ssize_t));
        if (numbers == NULL) {
            Py_DECREF(stems);
            PyErr_NoMemory();
            return NULL;
        }
    }
    Py_ssize_t postings = PyList_GET_SIZE(self->postings);
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t number = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(stems, i));
        if (number == -1 && PyErr_Occurred())
            goto fail;
        if (number < 0 || number >= postings) {
            PyErr_Format(PyExc_IndexError, "stem number %zd has no postings", number);
            goto fail;
        }
        if (reserve_values(self, number) < 0)
            goto fail;
        numbers[i] = number;
    }
    Py_DECREF(stems);
    char *bytes = PyMem_Malloc((size_t)length);
    if (bytes == NULL) {
        PyMem_Free(numbers);
        PyErr_NoMemory();
        return NULL;
    }
    memcpy(bytes, self->word, (size_t)length);
    /* No chunk was added while resolving (count refuses to run then), so AT is still
     * the free slot the probe ended on. */
    Chunk *chunk = &self->table[at];
    chunk->hash = hash;
    chunk->length = length;
    chunk->bytes = bytes;
    chunk->stems = numbers;
    chunk->count = count;
    self->used++;
    if (self->used * 2 > self->mask + 1) {
        Chunk copy = *chunk;
        if (grow_table(self) < 0)
            return NULL; /* the chunk stays in the old table, which is kept */
        at = (size_t)copy.hash & self->mask;
        while (self->table[at].length != copy.length || self->table[at].bytes != copy.bytes)
            at = (at + 1) & self->mask;
        chunk = &self->table[at];
    }
    return chunk;

fail:
    Py_DECREF(stems);
    PyMem_Free(numbers);
    return NULL;
}

static int
add_stems(Tally *self, const Chunk *chunk, long long weight, int mark)
{
    for (Py_ssize_t i = 0; i < chunk->count; i++) {
        Py_ssize_t stem = chunk->stems[i];
        if (self->values[stem] == 0) {
            if (self->touched_count == self->touched_size) {
                Py_ssize_t size = self->touched_size ? self->touched_size * 2 : 1024;
                Py_ssize_t *touched =
                    PyMem_Realloc(self->touched, (size_t)size * sizeof(Py_ssize_t));
                if (touched == NULL) {
                    PyErr_NoMemory();
                    return -1;
                }
                self->touched = touched;
                self->touched_size = size;
            }
            self->touched[self->touched_count++] = stem;
        }
        self->values[stem] += weight;
        if (mark)
            self->values[stem] |= 1;
    }
    return 0;
}

PyDoc_STRVAR(count_doc,
"count(data, weight, mark=False)\n--\n\n"
"Add twice WEIGHT to the value of each word's stem in DATA (UTF-8), and one to the value "
"of each when MARK; return the number of words.");

static PyObject *
Tally_count(Tally *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"data", "weight", "mark", NULL};
    Py_buffer data;
    long long weight;
    int mark = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "y*L|p:count", keywords, &data, &weight,
                                     &mark))
        return NULL;
    if (weight < 1 || weight > (1LL << 40) || self->resolving || self->table == NULL) {
        PyBuffer_Release(&data);
        PyErr_SetString(self->table == NULL || self->resolving ? PyExc_RuntimeError
                                                              : PyExc_ValueError,
                        self->table == NULL ? "Tally.__init__ was not called"
                        : self->resolving   ? "count called from resolve"
                                            : "weight must be a positive integer");
        return NULL;
    }
    const unsigned char *text = data.buf;
    Py_ssize_t size = data.len, at = 0, words = 0;
    if (self->word_size < size) {
        char *word = PyMem_Realloc(self->word, (size_t)size);
        if (word == NULL) {
            PyBuffer_Release(&data);
            return PyErr_NoMemory();
        }
        self->word = word;
        self->word_size = size;
    }
    while (at < size) {
        while (at < size && !in_word[text[at]])
            at++;
        if (at == size)
            break;
        uint64_t hash = 14695981039346656037ULL; /* FNV-1a, 64 bits */
        Py_ssize_t length = 0;
        while (at < size && in_word[text[at]]) {
            unsigned char byte = lower[text[at++]];
            self->word[length++] = (char)byte;
            hash = (hash ^ byte) * 1099511628211ULL;
        }
        Chunk *chunk = find_chunk(self, hash, length);
        if (chunk == NULL || add_stems(self, chunk, 2 * weight, mark) < 0) {
            PyBuffer_Release(&data);
            return NULL;
        }
        words += chunk->count;
    }
    PyBuffer_Release(&data);
    return PyLong_FromSsize_t(words);
}

PyDoc_STRVAR(flush_doc,
"flush(number)\n--\n\n"
"Append NUMBER and its value to the postings of each stem counted since the last flush, "
"in the order they were first counted, and start the next briefing.");

static PyObject *
Tally_flush(Tally *self, PyObject *arg)
{
    if (self->postings == NULL || self->resolving) {
        PyErr_SetString(PyExc_RuntimeError, self->postings == NULL
                                                ? "Tally.__init__ was not called"
                                                : "flush called from resolve");
        return NULL;
    }
    PyObject *number = PyNumber_Index(arg);
    if (number == NULL)
        return NULL;
    Py_ssize_t postings = PyList_GET_SIZE(self->postings);
    Py_ssize_t done = 0;
    for (; done < self->touched_count; done++) {
        Py_ssize_t stem = self->touched[done];
        if (stem >= postings) {
            PyErr_Format(PyExc_IndexError, "stem number %zd has no postings", stem);
            break;
        }
        PyObject *list = PyList_GET_ITEM(self->postings, stem);
        if (!PyList_Check(list)) {
            PyErr_SetString(PyExc_TypeError, "postings must be lists");
            break;
        }
        PyObject *value = PyLong_FromLongLong(self->values[stem]);
        if (value == NULL)
            break;
        int failed = PyList_Append(list, number) < 0 || PyList_Append(list, value) < 0;
        Py_DECREF(value);
        if (failed)
            break;
        self->values[stem] = 0;
    }
    Py_DECREF(number);
    if (done < self->touched_count) { /* failed: leave no value behind */
        for (Py_ssize_t i = done; i < self->touched_count; i++)
            self->values[self->touched[i]] = 0;
        self->touched_count = 0;
        return NULL;
    }
    self->touched_count = 0;
    Py_RETURN_NONE;
}

static int
Tally_init(Tally *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"resolve", "postings", NULL};
    PyObject *resolve, *postings;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO!:Tally", keywords, &resolve,
                                     &PyList_Type, &postings))
        return -1;
    if (!PyCallable_Check(resolve)) {
        PyErr_SetString(PyExc_TypeError, "resolve must be callable");
        return -1;
    }
    if (self->table != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "a Tally is made once");
        return -1;
    }
    self->table = PyMem_Calloc(1024, sizeof(Chunk));
    if (self->table == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->mask = 1023;
    Py_INCREF(resolve);
    Py_INCREF(postings);
    self->resolve = resolve;
    self->postings = postings;
    return 0;
}

static int
Tally_traverse(Tally *self, visitproc visit, void *arg)
{
    Py_VISIT(self->resolve);
    Py_VISIT(self->postings);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static int
Tally_clear(Tally *self)
{
    Py_CLEAR(self->resolve);
    Py_CLEAR(self->postings);
    return 0;
}

static void
Tally_dealloc(Tally *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Tally_clear(self);
    if (self->table != NULL) {
        for (size_t i = 0; i <= self->mask; i++) {
            PyMem_Free(self->table[i].bytes);
            PyMem_Free(self->table[i].stems);
        }
        PyMem_Free(self->table);
    }
    PyMem_Free(self->values);
    PyMem_Free(self->touched);
    PyMem_Free(self->word);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

static PyMethodDef Tally_methods[] = {
    {"count", (PyCFunction)(void (*)(void))Tally_count, METH_VARARGS | METH_KEYWORDS, count_doc},
    {"flush", (PyCFunction)Tally_flush, METH_O, flush_doc},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(Tally_doc,
"Tally(resolve, postings)\n--\n\n"
"Counts the words of a briefing's fields into values per stem (see count), then appends "
"them to POSTINGS (see flush). RESOLVE maps a chunk met for the first time (bytes, lower "
"case) to the numbers of its words' stems, each an index of POSTINGS.");

static PyType_Slot Tally_slots[] = {
    {Py_tp_doc, (void *)Tally_doc},
    {Py_tp_init, Tally_init},
    {Py_tp_dealloc, Tally_dealloc},
    {Py_tp_traverse, Tally_traverse},
    {Py_tp_clear, Tally_clear},
    {Py_tp_methods, Tally_methods},
    {Py_tp_new, PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Tally_spec = {
    .name = "briefgen._wordcount.Tally",
    .basicsize = sizeof(Tally),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .slots = Tally_slots,
};

static int
wordcount_exec(PyObject *module)
{
    for (int byte = 0; byte < 256; byte++) {
        int alnum = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                    (byte >= 'A' && byte <= 'Z');
        in_word[byte] = (unsigned char)(alnum || byte >= 0x80);
        lower[byte] = (unsigned char)(byte >= 'A' && byte <= 'Z' ? byte + 32 : byte);
    }
    PyObject *type = PyType_FromModuleAndSpec(module, &Tally_spec, NULL);
    if (type == NULL)
        return -1;
    int failed = PyModule_AddObjectRef(module, "Tally", type);
    Py_DECREF(type);
    return failed;
}

static PyModuleDef_Slot wordcount_slots[] = {
    {Py_mod_exec, wordcount_exec},
    {0, NULL},
};

static struct PyModuleDef wordcount_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "briefgen._wordcount",
    .m_doc = "The builtin search index's word counting in C (see searchindex.Tally).",
    .m_size = 0,
    .m_slots = wordcount_slots,
};

PyMODINIT_FUNC
PyInit__wordcount(void)
{
    return PyModuleDef_Init(&wordcount_module);
}
