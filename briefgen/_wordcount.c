/* briefgen._wordcount: the builtin search index's word counting (searchindex.Tally), in C.
 *
 * A build's search index counts every word of every briefing: millions at 10,000
 * briefings, which is most of the index's time in Python (a bytes object, two dict
 * lookups and an int per word). Here a word costs a hash and one probe of a table of
 * the chunks met so far, with no object made; only a chunk seen for the first time in
 * the build is handed to Python (`resolve`), which stems it. The postings are kept here
 * too, as 32-bit integers, and written as JSON here (a words/ file is millions of
 * integers). searchindex.py's `_PyTally` is the same thing in Python, used when this
 * module was not compiled; the tests hold the two to the same postings and files.
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
    uint32_t *pairs; /* briefing, value, briefing, value ... */
    Py_ssize_t length, size;
} Postings;

typedef struct {
    PyObject_HEAD
    PyObject *resolve; /* chunk (bytes) -> sequence of stem numbers */
    Chunk *table;
    size_t mask; /* table size - 1 (a power of two) */
    size_t used;
    Py_ssize_t stems;    /* the stems numbered so far: 0 .. stems - 1 */
    Py_ssize_t capacity; /* of values and postings */
    long long *values;   /* a stem's number -> its value in the briefing counted now */
    Postings *postings;  /* a stem's number -> its postings */
    Py_ssize_t *touched; /* the stems with a value, in the order first counted */
    Py_ssize_t touched_count, touched_size;
    char *word; /* the chunk being read, lower case */
    Py_ssize_t word_size;
    int resolving; /* in a call of resolve, which must not count (the table would move) */
} Tally;

/* A byte of a word (an ASCII letter or digit, or any byte of a non-ASCII character) in
 * lower case (ASCII letters only); 0 for a separator. */
static unsigned char folded[256];

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

/* ARRAY resized to SIZE items of ITEM bytes, or NULL with MemoryError set (ARRAY is then
 * still the caller's to free). */
static void *
resized(void *array, Py_ssize_t size, size_t item)
{
    void *bigger = PyMem_Realloc(array, (size_t)size * item);
    if (bigger == NULL)
        PyErr_NoMemory();
    return bigger;
}

/* ARRAY resized to twice its *SIZE items of ITEM bytes (FIRST when empty), *SIZE updated;
 * or NULL with MemoryError set and *SIZE as it was. */
static void *
doubled(void *array, Py_ssize_t *size, Py_ssize_t first, size_t item)
{
    Py_ssize_t bigger = *size ? *size * 2 : first;
    void *grown = resized(array, bigger, item);
    if (grown != NULL)
        *size = bigger;
    return grown;
}

/* Number the next stem: its value and postings start empty. */
static int
new_stem(Tally *self)
{
    if (self->stems == self->capacity) {
        Py_ssize_t size = self->capacity ? self->capacity * 2 : 1024;
        long long *values = resized(self->values, size, sizeof *values);
        if (values == NULL)
            return -1;
        self->values = values;
        Postings *postings = resized(self->postings, size, sizeof *postings);
        if (postings == NULL)
            return -1;
        self->postings = postings;
        self->capacity = size;
    }
    self->values[self->stems] = 0;
    self->postings[self->stems] = (Postings){NULL, 0, 0};
    self->stems++;
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
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_ssize_t number = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(stems, i));
        if (number == -1 && PyErr_Occurred())
            goto fail;
        if (number < 0 || number > self->stems) {
            PyErr_Format(PyExc_IndexError,
                         "stem number %zd: a new stem takes the next number, %zd", number,
                         self->stems);
            goto fail;
        }
        if (number == self->stems && new_stem(self) < 0)
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
                Py_ssize_t *touched =
                    doubled(self->touched, &self->touched_size, 1024, sizeof *touched);
                if (touched == NULL)
                    return -1;
                self->touched = touched;
            }
            self->touched[self->touched_count++] = stem;
        }
        self->values[stem] += weight;
        if (mark)
            self->values[stem] |= 1;
    }
    return 0;
}

/* The length of the entity at P (an "&"): one of the four markdown-it writes, or 0. */
static Py_ssize_t
entity_length(const unsigned char *p, Py_ssize_t left)
{
    if (left >= 6 && memcmp(p, "&quot;", 6) == 0)
        return 6;
    if (left >= 5 && memcmp(p, "&amp;", 5) == 0)
        return 5;
    if (left >= 4 && (memcmp(p, "&lt;", 4) == 0 || memcmp(p, "&gt;", 4) == 0))
        return 4;
    return 0;
}

/* Whether every "&" of TEXT starts one of the four entities `entity_length` knows. */
static int
only_known_entities(const unsigned char *text, Py_ssize_t size)
{
    const unsigned char *end = text + size;
    const unsigned char *p = memchr(text, '&', (size_t)size);
    while (p != NULL) {
        if (!entity_length(p, end - p))
            return 0;
        p = memchr(p + 1, '&', (size_t)(end - p - 1));
    }
    return 1;
}

PyDoc_STRVAR(count_doc,
"count(data, weight, mark=False, html=False)\n--\n\n"
"Add twice WEIGHT to the value of each word's stem in DATA (UTF-8), and one to the value "
"of each when MARK; return the number of words. With HTML, DATA is markdown-it's HTML: "
"its tags (`<[^>]*>`) and its four entities (&quot; &amp; &lt; &gt;) separate words; "
"when it holds any other \"&\", nothing is counted and -1 is returned.");

static PyObject *
Tally_count(Tally *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"data", "weight", "mark", "html", NULL};
    Py_buffer data;
    long long weight;
    int mark = 0, html = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "y*L|pp:count", keywords, &data, &weight,
                                     &mark, &html))
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
    if (html && !only_known_entities(text, size)) {
        PyBuffer_Release(&data);
        return PyLong_FromLong(-1);
    }
    if (self->word_size < size) {
        char *word = resized(self->word, size, 1);
        if (word == NULL) {
            PyBuffer_Release(&data);
            return NULL;
        }
        self->word = word;
        self->word_size = size;
    }
    int tags = html; /* a tag may be ahead: a "<" with a ">" after it */
    while (at < size) {
        unsigned char byte = text[at];
        if (folded[byte] == 0) { /* a separator */
            if (tags && byte == '<') {
                const unsigned char *close = memchr(text + at + 1, '>', (size_t)(size - at - 1));
                if (close != NULL) {
                    at = close - text + 1;
                    continue;
                }
                tags = 0; /* no ">" ahead: no "<" ahead opens a tag either */
            }
            else if (html && byte == '&') {
                Py_ssize_t entity = entity_length(text + at, size - at); /* known: above */
                at += entity ? entity : 1;
                continue;
            }
            at++;
            continue;
        }
        uint64_t hash = 14695981039346656037ULL; /* FNV-1a, 64 bits */
        Py_ssize_t length = 0;
        while (at < size && (byte = folded[text[at]]) != 0) {
            self->word[length++] = (char)byte;
            hash = (hash ^ byte) * 1099511628211ULL;
            at++;
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
"and start the next briefing.");

static int
append_pair(Postings *postings, uint32_t number, uint32_t value)
{
    if (postings->length + 2 > postings->size) {
        uint32_t *pairs = doubled(postings->pairs, &postings->size, 4, sizeof *pairs);
        if (pairs == NULL)
            return -1;
        postings->pairs = pairs;
    }
    postings->pairs[postings->length++] = number;
    postings->pairs[postings->length++] = value;
    return 0;
}

static PyObject *
Tally_flush(Tally *self, PyObject *arg)
{
    if (self->table == NULL || self->resolving) {
        PyErr_SetString(PyExc_RuntimeError, self->table == NULL
                                                ? "Tally.__init__ was not called"
                                                : "flush called from resolve");
        return NULL;
    }
    Py_ssize_t number = PyNumber_AsSsize_t(arg, PyExc_OverflowError);
    if (number == -1 && PyErr_Occurred())
        return NULL;
    int failed = 0;
    if (number < 0 || number > UINT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "a briefing's number must fit in 32 bits");
        failed = 1;
    }
    for (Py_ssize_t i = 0; i < self->touched_count; i++) {
        Py_ssize_t stem = self->touched[i];
        long long value = self->values[stem];
        self->values[stem] = 0;
        if (failed)
            continue; /* leave no value behind */
        Postings *postings = &self->postings[stem];
        if (postings->length && postings->pairs[postings->length - 2] >= number) {
            PyErr_SetString(PyExc_ValueError, "briefings are flushed in ascending order");
            failed = 1;
        }
        else if (value > UINT32_MAX) {
            PyErr_SetString(PyExc_OverflowError, "a word's value must fit in 32 bits");
            failed = 1;
        }
        else if (append_pair(postings, (uint32_t)number, (uint32_t)value) < 0)
            failed = 1;
    }
    self->touched_count = 0;
    if (failed)
        return NULL;
    Py_RETURN_NONE;
}

PyDoc_STRVAR(sizes_doc,
"sizes()\n--\n\n"
"The number of briefings in the postings of each stem, by the stem's number.");

static PyObject *
Tally_sizes(Tally *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *sizes = PyList_New(self->stems);
    if (sizes == NULL)
        return NULL;
    for (Py_ssize_t stem = 0; stem < self->stems; stem++) {
        PyObject *size = PyLong_FromSsize_t(self->postings[stem].length / 2);
        if (size == NULL) {
            Py_DECREF(sizes);
            return NULL;
        }
        PyList_SET_ITEM(sizes, stem, size);
    }
    return sizes;
}

static int
stem_number(Tally *self, PyObject *item, Py_ssize_t *stem)
{
    *stem = PyNumber_AsSsize_t(item, PyExc_IndexError);
    if (*stem == -1 && PyErr_Occurred())
        return -1;
    if (*stem < 0 || *stem >= self->stems) {
        PyErr_Format(PyExc_IndexError, "no stem numbered %zd", *stem);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(postings_doc,
"postings(stem)\n--\n\n"
"The postings of the stem numbered STEM: [briefing, value, briefing, value ...].");

static PyObject *
Tally_postings(Tally *self, PyObject *arg)
{
    Py_ssize_t stem;
    if (stem_number(self, arg, &stem) < 0)
        return NULL;
    const Postings *postings = &self->postings[stem];
    PyObject *list = PyList_New(postings->length);
    if (list == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < postings->length; i++) {
        PyObject *item = PyLong_FromUnsignedLong(postings->pairs[i]);
        if (item == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, item);
    }
    return list;
}

typedef struct {
    char *bytes;
    Py_ssize_t length, size;
} Buffer;

static int
reserve(Buffer *buffer, Py_ssize_t more)
{
    if (buffer->length + more <= buffer->size)
        return 0;
    Py_ssize_t size = buffer->size ? buffer->size : 4096;
    while (size < buffer->length + more)
        size *= 2;
    char *bytes = resized(buffer->bytes, size, 1);
    if (bytes == NULL)
        return -1;
    buffer->bytes = bytes;
    buffer->size = size;
    return 0;
}

/* NUMBER in decimal at the end of BUFFER, which has room for it (10 digits). */
static void
put_number(Buffer *buffer, uint32_t number)
{
    char digits[10];
    int count = 0;
    do {
        digits[count++] = (char)('0' + number % 10);
        number /= 10;
    } while (number);
    while (count)
        buffer->bytes[buffer->length++] = digits[--count];
}

/* The postings of STEM as JSON, `[briefing, value, gap, value ...]`: each briefing
 * number after the first given as the gap from the one before. */
static int
put_postings(Buffer *buffer, const Postings *postings)
{
    if (reserve(buffer, 2 + 11 * postings->length) < 0)
        return -1;
    buffer->bytes[buffer->length++] = '[';
    uint32_t before = 0;
    for (Py_ssize_t i = 0; i < postings->length; i += 2) {
        uint32_t number = postings->pairs[i];
        if (i)
            buffer->bytes[buffer->length++] = ',';
        put_number(buffer, number - before);
        before = number;
        buffer->bytes[buffer->length++] = ',';
        put_number(buffer, postings->pairs[i + 1]);
    }
    buffer->bytes[buffer->length++] = ']';
    return 0;
}

PyDoc_STRVAR(json_doc,
"json(group)\n--\n\n"
"A words/ file of the index: GROUP, (stem, number) pairs in the order of the stems, as "
"the bytes of a JSON object `{\"stem\": [briefing, value, gap, value ...], ...}` (each "
"briefing number after the first given as the gap from the one before). ValueError "
"when a stem would need escaping in JSON.");

static PyObject *
Tally_json(Tally *self, PyObject *arg)
{
    PyObject *group = PySequence_Fast(arg, "json takes a sequence of (stem, number) pairs");
    if (group == NULL)
        return NULL;
    Buffer buffer = {NULL, 0, 0};
    PyObject *result = NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(group);
    if (reserve(&buffer, 2) < 0)
        goto done;
    buffer.bytes[buffer.length++] = '{';
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *pair = PySequence_Fast_GET_ITEM(group, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 ||
            !PyUnicode_Check(PyTuple_GET_ITEM(pair, 0))) {
            PyErr_SetString(PyExc_TypeError, "json takes (stem, number) pairs");
            goto done;
        }
        Py_ssize_t stem, length;
        if (stem_number(self, PyTuple_GET_ITEM(pair, 1), &stem) < 0)
            goto done;
        const char *key = PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(pair, 0), &length);
        if (key == NULL)
            goto done;
        for (Py_ssize_t at = 0; at < length; at++) {
            unsigned char byte = (unsigned char)key[at];
            if (byte < 0x20 || byte == '"' || byte == '\\') {
                PyErr_SetString(PyExc_ValueError, "a stem that JSON would escape");
                goto done;
            }
        }
        if (reserve(&buffer, length + 4) < 0)
            goto done;
        if (i)
            buffer.bytes[buffer.length++] = ',';
        buffer.bytes[buffer.length++] = '"';
        memcpy(buffer.bytes + buffer.length, key, (size_t)length);
        buffer.length += length;
        buffer.bytes[buffer.length++] = '"';
        buffer.bytes[buffer.length++] = ':';
        if (put_postings(&buffer, &self->postings[stem]) < 0)
            goto done;
    }
    if (reserve(&buffer, 1) < 0)
        goto done;
    buffer.bytes[buffer.length++] = '}';
    result = PyBytes_FromStringAndSize(buffer.bytes, buffer.length);
done:
    PyMem_Free(buffer.bytes);
    Py_DECREF(group);
    return result;
}

static int
Tally_init(Tally *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"resolve", NULL};
    PyObject *resolve;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:Tally", keywords, &resolve))
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
    self->resolve = resolve;
    return 0;
}

static int
Tally_traverse(Tally *self, visitproc visit, void *arg)
{
    Py_VISIT(self->resolve);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static int
Tally_clear(Tally *self)
{
    Py_CLEAR(self->resolve);
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
    for (Py_ssize_t stem = 0; stem < self->stems; stem++)
        PyMem_Free(self->postings[stem].pairs);
    PyMem_Free(self->postings);
    PyMem_Free(self->values);
    PyMem_Free(self->touched);
    PyMem_Free(self->word);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

static PyMethodDef Tally_methods[] = {
    {"count", (PyCFunction)(void (*)(void))Tally_count, METH_VARARGS | METH_KEYWORDS, count_doc},
    {"flush", (PyCFunction)Tally_flush, METH_O, flush_doc},
    {"sizes", (PyCFunction)Tally_sizes, METH_NOARGS, sizes_doc},
    {"postings", (PyCFunction)Tally_postings, METH_O, postings_doc},
    {"json", (PyCFunction)Tally_json, METH_O, json_doc},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(Tally_doc,
"Tally(resolve)\n--\n\n"
"Counts the words of a briefing's fields into values per stem (see count), keeps them in "
"each stem's postings (see flush) and writes those as JSON (see json). RESOLVE maps a "
"chunk met for the first time (bytes, lower case) to the numbers of its words' stems, a "
"new stem taking the next number.");

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
        int word = alnum || byte >= 0x80;
        folded[byte] = (unsigned char)(!word ? 0 : byte >= 'A' && byte <= 'Z' ? byte + 32 : byte);
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
