/* Tiny test helpers for the C tests of libkompetence: CHECK macros that count failures and a
 * file reader. Each test program includes this once and ends with `return check_summary(...)`. */
#ifndef KOMPETENCE_TEST_CHECK_H
#define KOMPETENCE_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kompetence.h"

static int check_count;
static int check_failures;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        check_count++;                                                               \
        if (!(cond)) {                                                               \
            check_failures++;                                                        \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

/* Checks that `call` returned `expected`; prints the error's code name and message otherwise. */
#define CHECK_RESULT(expected, call, err)                                                        \
    do {                                                                                         \
        kompetence_result check_r_ = (call);                                                     \
        check_count++;                                                                           \
        if (check_r_ != (kompetence_result)(expected)) {                                         \
            check_failures++;                                                                    \
            fprintf(stderr, "%s:%d: %s returned %s (%u), expected %s: %s\n", __FILE__, __LINE__, \
                    #call, kompetence_result_name(check_r_), (unsigned)check_r_,                 \
                    kompetence_result_name(expected),                                            \
                    (err) ? kompetence_error_message(err) : "(no error object)");                \
        }                                                                                        \
    } while (0)

#define CHECK_STR_EQ(a, b) CHECK((a) != NULL && (b) != NULL && strcmp((a), (b)) == 0)
#define CHECK_CONTAINS(haystack, needle) CHECK((haystack) != NULL && strstr((haystack), (needle)) != NULL)

/* Reads a whole file into a malloc'd buffer (not NUL-terminated: the API takes a length). */
static inline unsigned char *read_file(const char *dir, const char *name, size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(size > 0 ? (size_t)size : 1);
    if (buf == NULL || (size > 0 && fread(buf, 1, (size_t)size, f) != (size_t)size)) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    *len = (size_t)size;
    return buf;
}

/* The first string of a JSON array of plain ids such as ["e1","e2"], copied into `out`. */
static inline int first_id(const char *json_array, char *out, size_t out_size) {
    const char *start = strchr(json_array, '"');
    if (start == NULL) return 0;
    start++;
    const char *end = strchr(start, '"');
    if (end == NULL || (size_t)(end - start) >= out_size) return 0;
    memcpy(out, start, (size_t)(end - start));
    out[end - start] = '\0';
    return 1;
}

static inline int check_summary(const char *name) {
    printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
    return check_failures == 0 ? 0 : 1;
}

#endif
