/* A complete small host program: build the demo engine, print one person's needs as JSON, and
 * free everything, checking every result.
 *
 *   cc -std=c11 needs.c $(pkg-config --cflags --libs kompetence) -o needs && ./needs [EMPLOYEE_ID]
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
    /* A host loading the shared library at run time should check it matches the header. */
    if (strcmp(kompetence_version(), KOMPETENCE_VERSION) != 0) {
        fprintf(stderr, "header %s but library %s\n", KOMPETENCE_VERSION, kompetence_version());
        return 1;
    }

    kompetence_engine *engine = NULL;
    kompetence_error *err = NULL;
    kompetence_result r = kompetence_engine_new_demo(&engine, &err);
    if (r != KOMPETENCE_RESULT_OK) return fail("kompetence_engine_new_demo", r, err);

    /* The person: the first argument, or else the first employee of the demo organisation. */
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

    char *needs = NULL;
    r = kompetence_engine_needs(engine, id, strlen(id), &needs, &err);
    if (r != KOMPETENCE_RESULT_OK) {
        kompetence_engine_free(engine);
        return fail("kompetence_engine_needs", r, err);
    }
    printf("needs of %s: %s\n", id, needs);

    kompetence_string_free(needs);
    kompetence_engine_free(engine);
    return 0;
}
