/* Re-planning after an acute change (D12): a demo person with an agreed activity gets an acute
 * need; the JSON lists the changes (the need first, then the agreed activity kept or dropped),
 * the Markdown has its sections in both languages; errors for NULL arguments, an unknown
 * employee, no change at all, a malformed need, an unknown competence, invalid UTF-8 and a bad
 * language, with outputs untouched on failure.
 * Usage: test_replan TESTS_DATA_DIR (unused: the demo is embedded) */
#include "check.h"

#define MAX_IDS 512
#define ID_SIZE 64

/* A demo competence and a deadline 90 days after the demo's date (2027-01-04); the Rust tests
 * of the ffi crate use the same need. */
static const char NEED[] = "{\"competence\":\"dementia-care\",\"level\":4,\"deadline\":\"2027-04-04\","
                           "\"reason\":\"Ny lov\"}";

/* The path of an error, or "" when there is none. */
static const char *path_of(const kompetence_error *err) {
    const char *p = kompetence_error_path(err);
    return p != NULL ? p : "";
}

/* The first employee whose review pack has an agreed activity; 0 when there is none. */
static int person_with_agreed_activity(kompetence_engine *engine, char *out, size_t out_size) {
    char *json = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_employee_ids(engine, &json, &err), err);
    int found = 0;
    const char *p = json;
    char id[ID_SIZE];
    for (size_t n = 0; !found && p != NULL && n < MAX_IDS && first_id(p, id, sizeof id); n++) {
        char *pack = NULL;
        CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_review(engine, id, strlen(id), &pack, &err), err);
        if (pack != NULL && strstr(pack, "\"agreed\":true") != NULL && strlen(id) < out_size) {
            strcpy(out, id);
            found = 1;
        }
        kompetence_string_free(pack);
        /* Skip past this id's closing quote. */
        p = strchr(p, '"');
        p = p != NULL ? strchr(p + 1, '"') : NULL;
        p = p != NULL ? p + 1 : NULL;
    }
    kompetence_string_free(json);
    return found;
}

static void test_replan(kompetence_engine *engine, const char *id) {
    char *json = NULL, *again = NULL, *da = NULL, *en = NULL;
    kompetence_error *err = NULL;
    const uint8_t *need = (const uint8_t *)NEED;
    size_t need_len = strlen(NEED);
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_engine_replan(engine, id, strlen(id), need, need_len, NULL, 0, &json, &err), err);
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_engine_replan(engine, id, strlen(id), need, need_len, NULL, 0, &again, &err), err);
    CHECK(err == NULL);
    char prefix[256];
    snprintf(prefix, sizeof prefix, "{\"employee\":\"%s\",\"as_of\":\"2027-01-04\",\"reason\":\"Ny lov\"", id);
    CHECK(json != NULL && strncmp(json, prefix, strlen(prefix)) == 0);
    CHECK_CONTAINS(json, "\"before\":{");
    CHECK_CONTAINS(json, "\"after\":{");
    /* The need comes first among the changes, with its text in both languages. */
    const char *changes = json != NULL ? strstr(json, "\"changes\":[") : NULL;
    CHECK(changes != NULL);
    if (changes != NULL) {
        changes += strlen("\"changes\":[");
        CHECK(strncmp(changes, "{\"kind\":\"need_added\"", 20) == 0 ||
              strncmp(changes, "{\"kind\":\"need_already_met\"", 26) == 0);
        CHECK_CONTAINS(changes, "\"text\":{\"da\":");
        /* The agreed activity is kept or dropped with a reason, never silently lost. */
        CHECK(strstr(changes, "{\"kind\":\"kept\"") != NULL || strstr(changes, "{\"kind\":\"dropped\"") != NULL);
    }
    CHECK_STR_EQ(json, again); /* deterministic; the engine is unchanged by a re-plan */

    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_engine_replan_markdown(engine, id, strlen(id), need, need_len, NULL, 0, "da", &da, &err),
                 err);
    CHECK_RESULT(KOMPETENCE_RESULT_OK,
                 kompetence_engine_replan_markdown(engine, id, strlen(id), need, need_len, NULL, 0, "en", &en, &err),
                 err);
    CHECK_CONTAINS(en, "## Changes");
    CHECK_CONTAINS(en, "## The new plan");
    CHECK(da != NULL && en != NULL && strcmp(da, en) != 0);
    CHECK(da != NULL && strchr(da, '{') == NULL); /* every placeholder filled */
    kompetence_string_free(json);
    kompetence_string_free(again);
    kompetence_string_free(da);
    kompetence_string_free(en);
}

/* Expects `code` with path `path` in `err`, no output, and frees the error. */
static void expect(kompetence_result got, kompetence_result code, kompetence_error *err, const char *path,
                   const char *out, int line) {
    if (got != code || strcmp(path_of(err), path) != 0 || out != NULL) {
        fprintf(stderr, "line %d: got %s at path \"%s\" (%s), expected %s at path \"%s\"\n", line,
                kompetence_result_name(got), path_of(err), err ? kompetence_error_message(err) : "no error",
                kompetence_result_name(code), path);
    }
    CHECK(got == code);
    CHECK(kompetence_error_code(err) == code);
    CHECK_STR_EQ(path_of(err), path);
    CHECK(out == NULL); /* outputs untouched on failure */
    kompetence_error_free(err);
}

static void test_errors(kompetence_engine *engine, const char *id) {
    char *out = NULL;
    kompetence_error *err = NULL;
    const uint8_t *need = (const uint8_t *)NEED;
    size_t need_len = strlen(NEED);
    size_t len = strlen(id);
    kompetence_result r;

    r = kompetence_engine_replan(NULL, id, len, need, need_len, NULL, 0, &out, &err);
    expect(r, KOMPETENCE_RESULT_NULL_ARGUMENT, err, "engine", out, __LINE__);
    err = NULL;
    r = kompetence_engine_replan(engine, NULL, 3, need, need_len, NULL, 0, &out, &err);
    expect(r, KOMPETENCE_RESULT_NULL_ARGUMENT, err, "employee_id", out, __LINE__);
    err = NULL;
    r = kompetence_engine_replan(engine, id, len, need, need_len, NULL, 0, NULL, &err);
    expect(r, KOMPETENCE_RESULT_NULL_ARGUMENT, err, "out_json", out, __LINE__);
    err = NULL;
    r = kompetence_engine_replan_markdown(NULL, id, len, need, need_len, NULL, 0, "en", &out, &err);
    expect(r, KOMPETENCE_RESULT_NULL_ARGUMENT, err, "engine", out, __LINE__);
    err = NULL;
    r = kompetence_engine_replan_markdown(engine, NULL, 3, need, need_len, NULL, 0, "en", &out, &err);
    expect(r, KOMPETENCE_RESULT_NULL_ARGUMENT, err, "employee_id", out, __LINE__);
    err = NULL;
    r = kompetence_engine_replan_markdown(engine, id, len, need, need_len, NULL, 0, NULL, &out, &err);
    expect(r, KOMPETENCE_RESULT_NULL_ARGUMENT, err, "lang", out, __LINE__);
    err = NULL;
    r = kompetence_engine_replan_markdown(engine, id, len, need, need_len, NULL, 0, "en", NULL, &err);
    expect(r, KOMPETENCE_RESULT_NULL_ARGUMENT, err, "out_markdown", out, __LINE__);
    err = NULL;

    /* An unknown employee. */
    r = kompetence_engine_replan(engine, "ghost", 5, need, need_len, NULL, 0, &out, &err);
    CHECK_CONTAINS(kompetence_error_message(err), "ghost");
    expect(r, KOMPETENCE_RESULT_NOT_FOUND, err, "employee", out, __LINE__);
    err = NULL;
    r = kompetence_engine_replan_markdown(engine, "ghost", 5, need, need_len, NULL, 0, "da", &out, &err);
    expect(r, KOMPETENCE_RESULT_NOT_FOUND, err, "employee", out, __LINE__);
    err = NULL;

    /* Neither a need nor evaluations; an evaluations document without records is no change either. */
    r = kompetence_engine_replan(engine, id, len, NULL, 0, NULL, 0, &out, &err);
    expect(r, KOMPETENCE_RESULT_INVALID_ARGUMENT, err, "need", out, __LINE__);
    err = NULL;
    r = kompetence_engine_replan_markdown(engine, id, len, NULL, 0, NULL, 0, "en", &out, &err);
    expect(r, KOMPETENCE_RESULT_INVALID_ARGUMENT, err, "need", out, __LINE__);
    err = NULL;
    static const char NO_RECORDS[] = "{\"schema_version\":1,\"records\":[]}";
    r = kompetence_engine_replan(engine, id, len, NULL, 0, (const uint8_t *)NO_RECORDS, strlen(NO_RECORDS), &out,
                                 &err);
    expect(r, KOMPETENCE_RESULT_INVALID_ARGUMENT, err, "need", out, __LINE__);
    err = NULL;

    /* A malformed need: an unknown field, a date or level of the wrong shape, a missing field,
     * trailing text, not JSON at all, an array; the path names the offending field where there is one. */
    static const char *const MALFORMED[][2] = {
        {"{\"competence\":\"dementia-care\",\"level\":4,\"deadline\":\"2027-04-04\",\"urgent\":true}",
         "need.urgent"},
        {"{\"competence\":\"dementia-care\",\"level\":4,\"deadline\":\"April\"}", "need.deadline"},
        {"{\"competence\":\"dementia-care\",\"level\":\"four\",\"deadline\":\"2027-04-04\"}", "need.level"},
        {"{\"competence\":\"dementia-care\",\"level\":4}", "need"},
        {"{\"competence\":\"dementia-care\",\"level\":4,\"deadline\":\"2027-04-04\"} x", "need"},
        {"dementia-care=4@2027-04-04", "need"},
        /* A JSON array is not read as the fields in order (it was, or reported at "need.[0]"). */
        {"[\"dementia-care\",4,\"2027-04-04\"]", "need"},
        {"[1,2,3]", "need"},
    };
    for (size_t i = 0; i < sizeof MALFORMED / sizeof MALFORMED[0]; i++) {
        const uint8_t *bad = (const uint8_t *)MALFORMED[i][0];
        r = kompetence_engine_replan(engine, id, len, bad, strlen(MALFORMED[i][0]), NULL, 0, &out, &err);
        CHECK_CONTAINS(kompetence_error_message(err), "not an acute need");
        expect(r, KOMPETENCE_RESULT_INVALID_ARGUMENT, err, MALFORMED[i][1], out, __LINE__);
        err = NULL;
    }

    /* An unknown competence, a level off the scale, a deadline in the past. */
    static const char UNKNOWN[] = "{\"competence\":\"no-such-competence\",\"level\":2,\"deadline\":\"2027-04-04\"}";
    r = kompetence_engine_replan(engine, id, len, (const uint8_t *)UNKNOWN, strlen(UNKNOWN), NULL, 0, &out, &err);
    expect(r, KOMPETENCE_RESULT_INVALID_ARGUMENT, err, "need.competence", out, __LINE__);
    err = NULL;
    r = kompetence_engine_replan_markdown(engine, id, len, (const uint8_t *)UNKNOWN, strlen(UNKNOWN), NULL, 0, "en",
                                          &out, &err);
    expect(r, KOMPETENCE_RESULT_INVALID_ARGUMENT, err, "need.competence", out, __LINE__);
    err = NULL;
    static const char PAST[] = "{\"competence\":\"dementia-care\",\"level\":2,\"deadline\":\"2020-01-01\"}";
    r = kompetence_engine_replan(engine, id, len, (const uint8_t *)PAST, strlen(PAST), NULL, 0, &out, &err);
    expect(r, KOMPETENCE_RESULT_INVALID_ARGUMENT, err, "need.deadline", out, __LINE__);
    err = NULL;

    /* Invalid UTF-8 in the need, in the evaluations and in the id. */
    static const uint8_t BAD_UTF8[] = {'{', 0xff, '}'};
    r = kompetence_engine_replan(engine, id, len, BAD_UTF8, sizeof BAD_UTF8, NULL, 0, &out, &err);
    CHECK_CONTAINS(kompetence_error_message(err), "offset 1");
    expect(r, KOMPETENCE_RESULT_INVALID_UTF8, err, "need", out, __LINE__);
    err = NULL;
    r = kompetence_engine_replan(engine, id, len, NULL, 0, BAD_UTF8, sizeof BAD_UTF8, &out, &err);
    expect(r, KOMPETENCE_RESULT_INVALID_UTF8, err, "evaluations", out, __LINE__);
    err = NULL;
    r = kompetence_engine_replan_markdown(engine, "\xff", 1, need, need_len, NULL, 0, "en", &out, &err);
    expect(r, KOMPETENCE_RESULT_INVALID_UTF8, err, "employee_id", out, __LINE__);
    err = NULL;

    /* A bad language code. */
    r = kompetence_engine_replan_markdown(engine, id, len, need, need_len, NULL, 0, "fr", &out, &err);
    expect(r, KOMPETENCE_RESULT_INVALID_ARGUMENT, err, "lang", out, __LINE__);
    err = NULL;

    /* err itself may be NULL. */
    CHECK(kompetence_engine_replan(engine, "ghost", 5, need, need_len, NULL, 0, &out, NULL) ==
          KOMPETENCE_RESULT_NOT_FOUND);
    CHECK(kompetence_engine_replan_markdown(NULL, id, len, need, need_len, NULL, 0, "da", &out, NULL) ==
          KOMPETENCE_RESULT_NULL_ARGUMENT);
    CHECK(out == NULL);
}

int main(void) {
    kompetence_engine *engine = NULL;
    kompetence_error *err = NULL;
    CHECK_RESULT(KOMPETENCE_RESULT_OK, kompetence_engine_new_demo(&engine, &err), err);
    if (engine == NULL) return check_summary("test_replan");
    char id[ID_SIZE];
    int found = person_with_agreed_activity(engine, id, sizeof id);
    CHECK(found);
    if (found) {
        test_replan(engine, id);
        test_errors(engine, id);
    }
    kompetence_engine_free(engine);
    return check_summary("test_replan");
}
