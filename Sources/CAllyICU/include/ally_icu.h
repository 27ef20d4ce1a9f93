#ifndef ALLY_ICU_H
#define ALLY_ICU_H
/* A narrow window onto ICU. Only <stdint.h> types cross this header: Foundation on Linux ships
   its own ICU headers, and exposing the unicode/ headers to Swift clashes with them. */
#include <stdint.h>

typedef struct AllyBreaker AllyBreaker;

/* Token kinds reported by ally_words. */
enum { ALLY_WORD_LETTER = 1, ALLY_WORD_NUMBER = 2 };

/* Opens word (and, lazily, sentence) break iterators for a locale such as "en" or "de".
   Returns NULL and sets *status (non-zero) on failure. Opening costs milliseconds: reuse it. */
AllyBreaker *ally_breaker_open(const char *locale, int32_t *status);
/* A copy that can be used on another thread. */
AllyBreaker *ally_breaker_clone(const AllyBreaker *breaker, int32_t *status);
void ally_breaker_close(AllyBreaker *breaker);

/* Word-like segments (letters, numbers, kana, ideographs) of text, as triples
   (start, end, kind) of UTF-16 indices in out[3*i ...]. Returns the number of words found;
   when that exceeds capacity only `capacity` were written and the caller retries larger. */
int32_t ally_words(AllyBreaker *breaker, const uint16_t *text, int32_t length,
                   int32_t *out, int32_t capacity, int32_t *status);

/* Sentence ends (exclusive UTF-16 indices) of text; same capacity protocol as ally_words. */
int32_t ally_sentences(AllyBreaker *breaker, const uint16_t *text, int32_t length,
                       int32_t *ends, int32_t capacity, int32_t *status);

/* NFKC case folding of src into dest. Returns the folded length (may exceed capacity: retry). */
int32_t ally_fold(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity, int32_t *status);

/* ICU's name for a status code, for error messages. */
const char *ally_status_name(int32_t status);

#endif
