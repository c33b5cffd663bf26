/* tokenizer_emoticon.c — the emoticons the tokenizer recognises.
 *
 * A short list written for review text, matched longest first at the byte
 * where punctuation begins. The guards are what keep "http://", "10:30",
 * "C:\" and "Note:Do" from becoming faces: a face whose mouth is a letter,
 * digit or slash needs a non-word character before it, and no face may be
 * followed directly by a letter or digit. A repeated mouth (":)))", "<333")
 * belongs to the token but not to its normalised form, so the lexicon needs
 * one entry per face. */
#include <string.h>

#include "text/charclass.h"
#include "text/tokenizer_internal.h"

/* NUL-padded to 8 bytes so matching needs no strlen. */
static const char emoticons[][8] = {
    /* happy, playful */
    ":)",
    ":-)",
    ":]",
    ":-]",
    ":D",
    ":-D",
    ":d",
    ":P",
    ":-P",
    ":p",
    ":-p",
    ":o)",
    ":3",
    ":>",
    ":*",
    ":-*",
    ":')",
    ":'-)",
    ";)",
    ";-)",
    ";D",
    ";-D",
    ";P",
    ";p",
    ";]",
    ";*",
    "=)",
    "=]",
    "=D",
    "=P",
    "=p",
    "(:",
    "(-:",
    "^_^",
    "^^",
    "^.^",
    ">:)",
    ">:-)",
    "<3",
    /* sad, annoyed, surprised */
    ":(",
    ":-(",
    ":[",
    ":-[",
    ":'(",
    ":'-(",
    "=(",
    "=[",
    ":/",
    ":-/",
    ":\\",
    ":-\\",
    "=/",
    ":|",
    ":-|",
    ":o",
    ":O",
    ":-o",
    ":-O",
    ":s",
    ":S",
    ":$",
    ":@",
    ":c",
    ">:(",
    ">:-(",
    ">:[",
    ">.<",
    "-_-",
    "-.-",
    ";_;",
    "</3",
};

static int is_word_byte(uint8_t c) {
    return (ut_charclass[c] & UT_CC_ALNUM) != 0;
}

/* A mouth that is a bracket may follow a word ("thanks:)"); others may not ("C:\", "Note:D..."). */
static int needs_break_before(const char *face, size_t face_len) {
    char mouth = face[face_len - 1];
    return !(mouth == ')' || mouth == '(' || mouth == ']' || mouth == '[');
}

size_t ut_emoticon_match(const uint8_t *p, size_t i, size_t len, size_t *norm_len) {
    size_t best = 0;
    for (size_t e = 0; e < (sizeof emoticons / sizeof emoticons[0]); e++) {
        const char *face = emoticons[e];
        if (p[i] != (uint8_t)face[0]) continue;
        size_t n = 1;
        while (n < sizeof emoticons[0] && face[n] && i + n < len && p[i + n] == (uint8_t)face[n])
            n++;
        if (n <= best || (n < sizeof emoticons[0] && face[n])) continue; /* not all of the face matched */
        if (needs_break_before(face, n) && i > 0 && is_word_byte(p[i - 1])) continue;
        best = n;
    }
    if (!best) return 0;
    uint8_t mouth = p[i + best - 1];
    size_t end = i + best;
    if (mouth != '/' && mouth != '\\' && mouth != '*' && mouth != '.')
        while (end < len && p[end] == mouth)
            end++;
    if (end < len && (is_word_byte(p[end]) || (mouth == '/' && p[end] == '/'))) return 0;
    *norm_len = best;
    return end - i;
}

/* Called for every lexicon and theme term at load (thousands of words), so
 * a word is turned away by its length or first byte before any strnlen. */
int ut_is_emoticon(const char *word, size_t len) {
    if (len == 0 || len > sizeof emoticons[0]) return 0;
    for (size_t e = 0; e < (sizeof emoticons / sizeof emoticons[0]); e++)
        if (emoticons[e][0] == word[0] && strnlen(emoticons[e], sizeof emoticons[0]) == len &&
            memcmp(emoticons[e], word, len) == 0)
            return 1;
    /* xD / XD, the one face the word scanner finds */
    return len == 2 && (word[0] == 'x' || word[0] == 'X') && word[1] == 'D';
}
