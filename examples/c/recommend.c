/* A complete small host program: build the demo engine and print one person's recommended
 * learning path as JSON — the same JSON as `kompetence recommend --employee ID --format json`.
 *
 *   cc -std=c11 recommend.c $(pkg-config --cflags --libs kompetence) -o recommend && ./recommend [EMPLOYEE_ID]
 *
 * Without an argument the first employee of the demo organisation is used.
 */
#include <stdio.h>
#include <string.h>

#include <kompetence.h>

/* Prints a failed call's error and frees it. */
static int fail(const char *what, kompetence_result r, kompetence_error *err) {
    fprintf(stderr, "%s failed: %s (%u): %s\n", what, kompetence_result_name(r), (unsigned)r,
            err != NULL ? kompetence_error_message(err) : "(no details)");
    kompetence_error_free(err);
    return 1;
}

int main(int argc, char **argv) {
    kompetence_engine *engine = NULL;
    kompetence_error *err = NULL;
    kompetence_result r = kompetence_engine_new_demo(&engine, &err);
    if (r != KOMPETENCE_RESULT_OK) return fail("kompetence_engine_new_demo", r, err);

    char id[256] = {0};
    if (argc > 1) {
        snprintf(id, sizeof id, "%s", argv[1]);
    } else {
        char *ids = NULL;
        r = kompetence_engine_employee_ids(engine, &ids, &err);
        if (r != KOMPETENCE_RESULT_OK) {
            kompetence_engine_free(engine);
            return fail("kompetence_engine_employee_ids", r, err);
        }
        /* ids is a JSON array of strings, e.g. ["e1","e2"]; demo ids need no unescaping. */
        const char *start = strchr(ids, '"');
        const char *end = start != NULL ? strchr(start + 1, '"') : NULL;
        if (end != NULL && (size_t)(end - start - 1) < sizeof id) memcpy(id, start + 1, (size_t)(end - start - 1));
        kompetence_string_free(ids);
    }

    char *recommendation = NULL;
    r = kompetence_engine_recommend(engine, id, strlen(id), &recommendation, &err);
    if (r != KOMPETENCE_RESULT_OK) {
        kompetence_engine_free(engine);
        return fail("kompetence_engine_recommend", r, err);
    }
    /* The JSON object; a host would parse it with its JSON library (chosen.steps, summary.da …). */
    printf("%s\n", recommendation);

    kompetence_string_free(recommendation);
    kompetence_engine_free(engine);
    return 0;
}
