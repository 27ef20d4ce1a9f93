#include "ally_icu.h"
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/utypes.h>

struct AllyBreaker {
    UBreakIterator *words;
    UBreakIterator *sentences; /* opened on first use: most documents never need it */
    char locale[64];
};

AllyBreaker *ally_breaker_open(const char *locale, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    AllyBreaker *b = calloc(1, sizeof *b);
    if (!b) { *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    strncpy(b->locale, locale, sizeof b->locale - 1);
    b->words = ubrk_open(UBRK_WORD, locale, NULL, 0, &err);
    if (U_FAILURE(err)) { free(b); *status = err; return NULL; }
    *status = 0;
    return b;
}

AllyBreaker *ally_breaker_clone(const AllyBreaker *src, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    AllyBreaker *b = calloc(1, sizeof *b);
    if (!b) { *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    memcpy(b->locale, src->locale, sizeof b->locale);
    b->words = ubrk_clone(src->words, &err);
    if (U_FAILURE(err)) { free(b); *status = err; return NULL; }
    *status = 0;
    return b;
}

void ally_breaker_close(AllyBreaker *b) {
    if (!b) return;
    if (b->words) ubrk_close(b->words);
    if (b->sentences) ubrk_close(b->sentences);
    free(b);
}

int32_t ally_words(AllyBreaker *b, const uint16_t *text, int32_t length,
                   int32_t *out, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(b->words, (const UChar *)text, length, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t count = 0;
    int32_t start = ubrk_first(b->words);
    for (int32_t end = ubrk_next(b->words); end != UBRK_DONE; start = end, end = ubrk_next(b->words)) {
        int32_t rule = ubrk_getRuleStatus(b->words);
        if (rule < UBRK_WORD_NONE_LIMIT) continue; /* spaces and punctuation */
        if (count < capacity) {
            out[3 * count] = start;
            out[3 * count + 1] = end;
            out[3 * count + 2] = (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT)
                                     ? ALLY_WORD_NUMBER : ALLY_WORD_LETTER;
        }
        count++;
    }
    *status = 0;
    return count;
}

int32_t ally_sentences(AllyBreaker *b, const uint16_t *text, int32_t length,
                       int32_t *ends, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    if (!b->sentences) {
        /* ss=standard suppresses breaks after common abbreviations ("Mr.", "e.g."). */
        char loc[96];
        strcpy(loc, b->locale);
        strcat(loc, strchr(loc, '@') ? ";ss=standard" : "@ss=standard");
        b->sentences = ubrk_open(UBRK_SENTENCE, loc, NULL, 0, &err);
        if (U_FAILURE(err)) { b->sentences = NULL; *status = err; return 0; }
    }
    ubrk_setText(b->sentences, (const UChar *)text, length, &err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t count = 0;
    ubrk_first(b->sentences);
    for (int32_t end = ubrk_next(b->sentences); end != UBRK_DONE; end = ubrk_next(b->sentences)) {
        if (count < capacity) ends[count] = end;
        count++;
    }
    *status = 0;
    return count;
}

int32_t ally_fold(const uint16_t *src, int32_t length, uint16_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&err);
    if (U_FAILURE(err)) { *status = err; return 0; }
    int32_t n = unorm2_normalize(nfkc_cf, (const UChar *)src, length, (UChar *)dest, capacity, &err);
    if (err == U_BUFFER_OVERFLOW_ERROR || err == U_STRING_NOT_TERMINATED_WARNING) err = U_ZERO_ERROR;
    *status = U_FAILURE(err) ? err : 0;
    return n;
}

const char *ally_status_name(int32_t status) { return u_errorName((UErrorCode)status); }
