/* record_value.c — reading a rating or a date from the text of a field.
 *
 * The idea: review exports write these every which way ("4", "4.0 out of 5
 * stars", "★★★★", 1390435200, "2014-01-23T10:00:00Z", "01 23, 2014",
 * "Jan 23, 2014"), so the readers accept the common spellings and nothing
 * loose beyond them: an unreadable value is reported, never guessed. No
 * strtod/strptime: they depend on the locale and need NUL-terminated input. */
#include <string.h>

#include "util/common.h"
#include "record/record.h"

static int is_digit(char c) {
    return c >= '0' && c <= '9';
}

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static void trim(const char **s, size_t *n) {
    while (*n && is_space(**s))
        (*s)++, (*n)--;
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

/* Whether s[i, n) starts with `word`, ignoring ASCII case. */
static int starts_with_ci(const char *s, size_t n, size_t i, const char *word) {
    size_t k = strlen(word);
    if (n - i < k) return 0;
    for (size_t j = 0; j < k; j++)
        if (lower(s[i + j]) != word[j]) return 0;
    return 1;
}

static const double pow10_table[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* A decimal number at s[*i]: sign, digits, optional fraction after '.' (or
 * a ',' followed by a digit: "4,5"), optional exponent. Advances *i. */
static int read_number(const char *s, size_t n, size_t *i, double *out) {
    size_t p = *i;
    int neg = 0;
    if (p < n && (s[p] == '-' || s[p] == '+')) neg = s[p++] == '-';
    uint64_t mant = 0;
    int digits = 0, scale = 0;
    while (p < n && is_digit(s[p])) {
        if (mant < 100000000000000000ull)
            mant = mant * 10 + (uint64_t)(s[p] - '0');
        else
            scale++;
        p++, digits++;
    }
    if (p + 1 < n && (s[p] == '.' || s[p] == ',') && is_digit(s[p + 1])) {
        p++;
        while (p < n && is_digit(s[p])) {
            if (mant < 100000000000000000ull) mant = mant * 10 + (uint64_t)(s[p] - '0'), scale--;
            p++, digits++;
        }
    } else if (p < n && s[p] == '.' && digits) {
        p++; /* "4." */
    }
    if (!digits) return -1;
    if (p + 1 < n && (s[p] == 'e' || s[p] == 'E')) {
        size_t q = p + 1;
        int eneg = 0, e = 0;
        if (q < n && (s[q] == '+' || s[q] == '-')) eneg = s[q++] == '-';
        if (q < n && is_digit(s[q])) {
            while (q < n && is_digit(s[q])) {
                if (e < 1000) e = e * 10 + (s[q] - '0');
                q++;
            }
            scale += eneg ? -e : e;
            p = q;
        }
    }
    double v = (double)mant;
    if (scale > 22 || scale < -22) return -1; /* no rating or timestamp looks like that */
    v = scale >= 0 ? v * pow10_table[scale] : v / pow10_table[-scale];
    *out = neg ? -v : v;
    *i = p;
    return 0;
}

static void skip_spaces(const char *s, size_t n, size_t *i) {
    while (*i < n && is_space(s[*i]))
        (*i)++;
}

/* "★★★★☆": the number of black stars. */
static int read_star_glyphs(const char *s, size_t n, double *out) {
    int black = 0;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        if ((unsigned char)s[i] != 0xE2 || (unsigned char)s[i + 1] != 0x98) return -1;
        unsigned char c = (unsigned char)s[i + 2];
        if (c == 0x85)
            black++;
        else if (c != 0x86)
            return -1;
    }
    if (i != n) return -1;
    *out = black;
    return 0;
}

int ut_parse_rating(const char *s, size_t len, double *out) {
    trim(&s, &len);
    if (len == 0) return -1;
    if ((unsigned char)s[0] == 0xE2) return read_star_glyphs(s, len, out);
    size_t i = 0;
    double v, scale;
    if (read_number(s, len, &i, &v) < 0) return -1;
    skip_spaces(s, len, &i);
    /* What may follow the number: "/5", "out of 5", "stars", "of 5 stars". */
    if (i < len && s[i] == '/') {
        i++;
        skip_spaces(s, len, &i);
        if (read_number(s, len, &i, &scale) < 0) return -1;
        skip_spaces(s, len, &i);
    } else if (starts_with_ci(s, len, i, "out of") || starts_with_ci(s, len, i, "of")) {
        i += starts_with_ci(s, len, i, "out of") ? 6 : 2;
        skip_spaces(s, len, &i);
        if (read_number(s, len, &i, &scale) < 0) return -1;
        skip_spaces(s, len, &i);
    }
    if (starts_with_ci(s, len, i, "stars"))
        i += 5;
    else if (starts_with_ci(s, len, i, "star"))
        i += 4;
    skip_spaces(s, len, &i);
    if (i != len) return -1;
    *out = v;
    return 0;
}

/* ---- dates ---- */

static int is_leap(long y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days
 * inverse: count whole 400-year eras, then years in the era starting in
 * March so the leap day falls last). */
static long days_from_civil(long y, int m, int d) {
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int make_day(long y, int m, int d, long *out) {
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

/* Reads 1..max digits at s[*i]. Returns the count (0: none). */
static int read_digits(const char *s, size_t n, size_t *i, int max, long *out) {
    int k = 0;
    long v = 0;
    while (*i < n && k < max && is_digit(s[*i]))
        v = v * 10 + (s[(*i)++] - '0'), k++;
    if (*i < n && is_digit(s[*i])) return 0; /* too many digits */
    *out = v;
    return k;
}

/* The rest of a date: nothing, or a time of day with an optional AM/PM and
 * zone ("T10:00", " 10:00:00.123 +02:00", " 9:05 PM", " 10:00:00 GMT").
 * With a zone, *shift is the day change to UTC. */
static int read_time(const char *s, size_t n, size_t i, long *shift) {
    *shift = 0;
    if (i == n) return 0;
    if (s[i] != 'T' && s[i] != ' ' && s[i] != ',') return -1;
    i++;
    skip_spaces(s, n, &i);
    long h, m, sec = 0;
    if (!read_digits(s, n, &i, 2, &h) || i >= n || s[i] != ':') return -1;
    i++;
    if (read_digits(s, n, &i, 2, &m) != 2) return -1;
    if (i < n && s[i] == ':') {
        i++;
        if (read_digits(s, n, &i, 2, &sec) != 2) return -1;
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            i++;
            if (i >= n || !is_digit(s[i])) return -1;
            while (i < n && is_digit(s[i]))
                i++;
        }
    }
    skip_spaces(s, n, &i);
    if (starts_with_ci(s, n, i, "am") || starts_with_ci(s, n, i, "pm")) {
        if (h < 1 || h > 12) return -1;
        int pm = lower(s[i]) == 'p';
        h = (h % 12) + (pm ? 12 : 0);
        i += 2;
        skip_spaces(s, n, &i);
    }
    if (h > 23 || m > 59 || sec > 60) return -1;
    long offset = 0;
    int zoned = 0;
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        i++, zoned = 1;
    } else if (starts_with_ci(s, n, i, "utc") || starts_with_ci(s, n, i, "gmt")) {
        i += 3, zoned = 1;
    }
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        int neg = s[i++] == '-';
        long oh, om = 0;
        int k = read_digits(s, n, &i, 4, &oh);
        if (k == 4)
            om = oh % 100, oh /= 100;
        else if (k == 2 && i < n && s[i] == ':') {
            i++;
            if (read_digits(s, n, &i, 2, &om) != 2) return -1;
        } else if (k != 2 && k != 1)
            return -1;
        if (oh > 14 || om > 59) return -1;
        offset = (neg ? -1 : 1) * (oh * 3600 + om * 60);
        zoned = 1;
    }
    skip_spaces(s, n, &i);
    if (i != n) return -1;
    if (zoned) {
        long t = h * 3600 + m * 60 + sec - offset;
        *shift = t < 0 ? -1 : t >= 86400 ? 1 : 0;
    }
    return 0;
}

static int finish(long day, long shift, int32_t *out) {
    day += shift;
    if (day < INT32_MIN || day > INT32_MAX) return -1;
    *out = (int32_t)day;
    return 0;
}

/* Unix time in seconds, milliseconds or microseconds (told apart by
 * magnitude), or YYYYMMDD. Fewer than 7 digits is not a date. */
static int parse_epoch(const char *s, size_t n, int32_t *out) {
    size_t i = 0, digits = 0;
    if (s[0] == '-') i++;
    for (size_t j = i; j < n && is_digit(s[j]); j++)
        digits++;
    if (digits < 7 || digits > 19) return -1;
    if (digits == 8 && i == 0 && n == 8) {
        long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        int m = (s[4] - '0') * 10 + (s[5] - '0'), d = (s[6] - '0') * 10 + (s[7] - '0');
        long day;
        if (y >= 1900 && y <= 2200 && make_day(y, m, d, &day) == 0) return finish(day, 0, out);
    }
    double v;
    size_t k = 0;
    if (read_number(s, n, &k, &v) < 0 || k != n) return -1;
    double a = v < 0 ? -v : v;
    double seconds = a >= 1e14 ? v / 1e6 : a >= 1e11 ? v / 1e3 : v;
    double day = seconds / 86400.0;
    long d = (long)day;
    if ((double)d > day) d--; /* floor for times before 1970 */
    return finish(d, 0, out);
}

/* 2024-03-01, 2024/3/1, 2024-03 (the 1st); 03/01/2024 (US order unless the
 * first number is over 12), 01.03.2024 (day first); then read_time. */
static int parse_numeric_date(const char *s, size_t n, int32_t *out) {
    size_t i = 0;
    long a, b, c = 1;
    int ka = read_digits(s, n, &i, 4, &a);
    if (!ka || i >= n) return -1;
    char sep = s[i];
    if (sep != '-' && sep != '/' && sep != '.') return -1;
    i++;
    if (!read_digits(s, n, &i, 2, &b)) return -1;
    long y, day;
    int m, d;
    if (ka == 4) {
        if (i < n && s[i] == sep) {
            i++;
            if (!read_digits(s, n, &i, 2, &c)) return -1;
        } else if (sep != '-') {
            return -1;
        }
        y = a, m = (int)b, d = (int)c;
    } else {
        if (i >= n || s[i] != sep) return -1;
        i++;
        if (read_digits(s, n, &i, 4, &y) != 4) return -1;
        if (sep == '.' || a > 12)
            d = (int)a, m = (int)b;
        else
            m = (int)a, d = (int)b;
    }
    long shift;
    if (make_day(y, m, d, &day) < 0 || read_time(s, n, i, &shift) < 0) return -1;
    return finish(day, shift, out);
}

static int month_from_word(const char *w, size_t len) {
    static const char *const months[12] = {"january", "february", "march",     "april",   "may",      "june",
                                           "july",    "august",   "september", "october", "november", "december"};
    if (len < 3) return 0;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(months[m]);
        if (len > full) continue;
        int ok = 1;
        for (size_t j = 0; j < len && ok; j++)
            ok = lower(w[j]) == months[m][j];
        if (ok && (len == 3 || len == full || (m == 8 && len == 4))) return m + 1; /* "Sept" too */
    }
    return 0;
}

static int is_weekday_word(const char *w, size_t len) {
    static const char *const days[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    if (len < 3) return 0;
    for (int k = 0; k < 7; k++) {
        size_t full = strlen(days[k]);
        if (len != 3 && len != full) continue;
        int ok = 1;
        for (size_t j = 0; j < len && ok; j++)
            ok = lower(w[j]) == days[k][j];
        if (ok) return 1;
    }
    return 0;
}

/* Dates with a month name or Amazon's reviewTime: "March 1, 2024",
 * "Mar. 1 2024", "1 March 2024", "Tue, 01 Mar 2024 10:00:00 GMT",
 * "09 4, 2015" (month, day, year). Three parts separated by spaces,
 * commas, dots or dashes, an optional weekday before, a time after. */
static int parse_worded_date(const char *s, size_t n, int32_t *out) {
    size_t i = 0;
    long num[3];
    int month_at = -1, month = 0, parts = 0, year_digits = 0;
    while (parts < 3) {
        while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '.' || s[i] == '-'))
            i++;
        if (i >= n) return -1;
        size_t start = i;
        if (is_digit(s[i])) {
            year_digits = read_digits(s, n, &i, 4, &num[parts]);
            if (!year_digits) return -1;
            parts++;
        } else {
            while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
                i++;
            if (i == start) return -1;
            if (parts == 0 && month_at < 0 && is_weekday_word(s + start, i - start)) continue;
            int m = month_from_word(s + start, i - start);
            if (!m || month_at >= 0) return -1;
            month_at = parts++;
            month = m;
        }
    }
    long y, day;
    int m, d;
    if (month_at == 0)
        m = month, d = (int)num[1], y = num[2]; /* March 1, 2024 */
    else if (month_at == 1)
        m = month, d = (int)num[0], y = num[2]; /* 1 March 2024 */
    else if (month_at < 0)
        m = (int)num[0], d = (int)num[1], y = num[2]; /* 09 4, 2015 */
    else
        return -1;
    if (year_digits != 4) return -1;
    long shift;
    if (make_day(y, m, d, &day) < 0 || read_time(s, n, i, &shift) < 0) return -1;
    return finish(day, shift, out);
}

int ut_parse_date(const char *s, size_t len, int32_t *out_day) {
    trim(&s, &len);
    if (len == 0) return -1;
    int all_digits = 1;
    for (size_t i = s[0] == '-' ? 1 : 0; i < len && all_digits; i++)
        all_digits = is_digit(s[i]) || s[i] == '.';
    if (all_digits && len > 1 && (is_digit(s[0]) || s[0] == '-')) {
        if (parse_epoch(s, len, out_day) == 0) return 0;
    }
    if (is_digit(s[0]) && parse_numeric_date(s, len, out_day) == 0) return 0;
    return parse_worded_date(s, len, out_day);
}
