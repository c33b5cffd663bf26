#!/usr/bin/env python3
"""gen_score_rules.py — writes engine/model/score_rules_table.c, the constant
hash table of the default model's function words (see engine/model/score_rules.h).

The word lists below are the source of truth; the script computes each
word's hash exactly as engine/util/hash.h's ut_hash_bytes does, so the engine
finds a rule with the hash the tokenizer already put on the token.
Usage: python3 tools/gen_score_rules.py [--check]
  --check  fail (exit 1) if engine/model/score_rules_table.c differs from what the
           lists produce, for CI.
"""
import sys
import os

M = (1 << 64) - 1


def mix(a, b):
    r = (a & M) * (b & M)
    return (r & M) ^ (r >> 64)


def hash_bytes(data: bytes) -> int:
    n = len(data)
    h = 0x9E3779B97F4A7C15 ^ ((n * 0xA0761D6478BD642F) & M)
    p = 0
    while n - p >= 8:
        w = int.from_bytes(data[p:p + 8], "little")
        h = mix(h ^ w, 0xE7037ED1A0B428DB)
        p += 8
    tail = int.from_bytes(data[p:] + b"\0" * (8 - (n - p)), "little")
    return mix(h ^ tail ^ 0x8EBC6AF09C88C6E3, 0x589965CC75374CC3)


NEGATORS = """not no never none nothing nobody nowhere neither nor cannot can't cant
don't dont doesn't doesnt didn't didnt isn't isnt aren't arent wasn't wasnt weren't werent
won't wont wouldn't wouldnt shouldn't shouldnt couldn't couldnt hasn't hasnt haven't havent
hadn't hadnt mustn't mightn't needn't ain't aint without hardly barely scarcely n't nope""".split()

NEG_CANCEL = ["not only", "not just", "not merely", "no doubt", "never mind",
              "nothing but", "no wonder", "not least", "without doubt"]

# Factors were chosen on a few hand-written sentences ("very good" about a
# third stronger than "good", "slightly annoying" about half as strong).
BOOSTERS = {
    1.5: "extremely incredibly insanely unbelievably exceptionally immensely enormously hugely utterly utter "
         "ridiculously crazy",
    1.35: "very really so absolutely completely totally truly thoroughly super highly "
          "seriously damn damned freaking frickin fricking friggin fucking effing bloody hella mega ultra "
          "uber terribly awfully deeply especially particularly remarkably tremendously amazingly "
          "majorly purely such",
    1.2: "quite too way much more most real sooo soooo sooooo veryyy",
}
DAMPENERS = {
    0.6: "slightly mildly marginally somewhat occasionally partially partly",
    0.7: "kinda sorta kind_of sort_of a_bit a_little a_tad little_bit bit almost nearly",
    0.85: "fairly pretty relatively rather reasonably moderately",
}
CONTRAST = "but however yet nevertheless nonetheless except until"
# Complaint cues that need their neighbours (engine/model/score_default.c,
# cue_valence): the word is the trigger, the factor names the cue.
#   1 a unit of waiting time after a count ("on hold for 2 hours", "3 days
#     later", "it has been six weeks"); 2 the same as one hyphenated word
#     ("another two-hour wait"); 3 "times" after a count, with a verb of
#     asking ("called 5 times"); 4 "been" before a bare count that ends the
#     clause ("It has been six."); 5 "still" before in/at and a name
#     ("still in Chicago"). Years are left out: "two years later" is how
#     reviews praise durability.
CUES = {
    1: "minute minutes mins hour hours hrs hr day days week weeks wks month months",
    2: "one-hour two-hour three-hour four-hour five-hour six-hour 2-hour 3-hour 4-hour 5-hour 6-hour "
       "half-hour 30-minute 40-minute 45-minute 50-minute 60-minute 90-minute 45-min 30-min "
       "two-day three-day two-week three-week 2-week 3-week six-week two-month three-month",
    3: "times",
    4: "been",
    5: "still",
}
CONCESSION = "although though despite whereas even_though albeit"
# Expectation: what the reviewer hoped or expected, not what came
# ("I had hoped it would be a great addition", "was expecting a sturdy,
# well-made pan"); the terms after the word weigh less, either sign, to the
# sentence end or a contrast word (engine/model/score_default.c). Negated, it is a
# surprise and spends the negator: "didn't expect it to be this good".
EXPECTATION = "hoped hoping expect expected expecting wanted supposed would"
# Remedy: a verb that takes a problem away ("cleared up my acne", "got rid of
# the smell", "stopped the itching", "removes stains"): the negative terms
# just after it are what is gone, so they count as praise
# (engine/model/score_default.c). Past and third-person forms only: an
# infinitive is an attempt ("trying to fix the leak"). Negated, the remedy
# failed and spends the negator: "didn't fix the leak" stays a complaint.
REMEDY = ("cleared cured cures healed heals fixed fixes solved solves resolved resolves eliminated eliminates "
          "relieved relieves soothed soothes calmed calms reduced reduces removed removes prevented prevents "
          "rid minimized minimizes stopped stops")
# Their base forms are attempts: only negated do they matter, and then as
# above ("couldn't remove the stains", "doesn't stop the itching").
REMEDY_ATTEMPT = "clear cure heal fix solve resolve eliminate relieve soothe calm reduce remove prevent minimize stop"
# Owed: a service the customer was owed. Said plainly it is nothing ("the
# room was cleaned daily"); negated just before, it did not happen, and that
# is the complaint, with no negative word in it: "the room hadn't been
# cleaned", "nobody told us", "we were never greeted", "I haven't been
# reimbursed" (engine/model/score_default.c). Left out: words whose negation
# is praise or a plain fact in reviews ("can't tell the difference", "hasn't
# changed", "haven't returned it", "can't be replaced", "never replaced them",
# "doesn't take long", "don't serve meat").
OWED = ("cleaned vacuumed hoovered dusted mopped serviced tidied restocked replenished refilled emptied "
        "told informed notified warned updated contacted acknowledged greeted welcomed seated served offered "
        "honored honoured explained processed refunded credited reimbursed compensated repaired addressed "
        "answered apologized apologised apologise apologize mentioned disclosed inform notify warn update acknowledge greet offer "
        "honor honour refund reimburse compensate repair")
# Not owed when the reviewer is the one who did not act: "I haven't contacted
# them yet", "I've never cleaned the filter" (a first-person subject before
# the negator with no "was", "were", "been" or "got" after it; "we were never
# greeted" is owed). The words that tell are these.
OWED_SELF = "i we i've we've i'd we'd i'll we'll"
OWED_PASSIVE = "was were been being be is are am got get gets getting wasn't weren't isn't aren't"


# The words cue_valence() reads around a cue, by class (a word may be in
# several); looked up by hash in their own small table, so reading a
# clause's neighbours costs a probe per token, not string compares.
CUE_CLASSES = [
    ("UT_CUE_WAITING", "wait waited waiting waits hold queue queued queuing stuck stranded sat sitting stood line "
                       "pending"),                                    # before a duration: a wait
    ("UT_CUE_WAIT_NOUN", "wait delay hold queue line layover"),       # right after one: "a 45 minute wait"
    ("UT_CUE_QUICK", "within in only just under less every per each"),  # before a count: quick or routine
    ("UT_CUE_APPROX", "about around almost nearly over roughly approximately like than well another"),
    ("UT_CUE_ASKING", "call called calling phoned phone emailed email contacted contact asked requested complained "
                      "messaged chatted tweeted wrote reached"),      # "called 5 times"
    ("UT_CUE_TOOK", "took takes taking take"),                        # "took 3 weeks"
    ("UT_CUE_MINUTES", "minute minutes mins 30-minute 40-minute 45-minute 50-minute 60-minute 90-minute 45-min "
                       "30-min"),
    ("UT_CUE_LONG_UNIT", "week weeks month months"),
    ("UT_CUE_SELF", OWED_SELF),                                        # the reviewer, before an owed word
    ("UT_CUE_PASSIVE", OWED_PASSIVE),                                  # "we were never greeted"
]
# Counts written as words and their values; "several" and the like mean
# more than one, value unknown: 3.
CUE_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
              "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "several": 3,
              "multiple": 3, "many": 3, "numerous": 3, "countless": 3, "dozen": 12}


def cue_words():
    words = {}
    for bit, (name, ws) in enumerate(CUE_CLASSES):
        for w in ws.split():
            cls, val = words.get(w, (0, 0))
            words[w] = (cls | (1 << bit), val)
    for w, v in CUE_COUNTS.items():
        cls, _ = words.get(w, (0, 0))
        words[w] = (cls, v)
    return words


def entries():
    out = []
    for w in NEGATORS:
        # factor 2 marks "never": "never been so happy" is emphasis, not negation
        out.append((w, "UT_RULE_NEGATOR", 2.0 if w == "never" else 1.0))
    for w in NEG_CANCEL:
        out.append((w, "UT_RULE_NEG_CANCEL", 1.0))
    for f, ws in BOOSTERS.items():
        for w in ws.split():
            out.append((w.replace("_", " "), "UT_RULE_BOOSTER", f))
    for f, ws in DAMPENERS.items():
        for w in ws.split():
            out.append((w.replace("_", " "), "UT_RULE_DAMPENER", f))
    for w in CONTRAST.split():
        if "_" not in w:
            out.append((w, "UT_RULE_CONTRAST", 1.0))
    for w in CONCESSION.split():
        out.append((w.replace("_", " "), "UT_RULE_CONCESSION", 1.0))
    for w in EXPECTATION.split():
        out.append((w.replace("_", " "), "UT_RULE_EXPECTATION", 1.0))
    for w in REMEDY.split():
        out.append((w, "UT_RULE_REMEDY", 1.0))
    for w in REMEDY_ATTEMPT.split():
        out.append((w, "UT_RULE_REMEDY", 0.0))
    for w in OWED.split():
        out.append((w, "UT_RULE_OWED", 1.0))
    for code, ws in CUES.items():
        for w in ws.split():
            out.append((w, "UT_RULE_CUE", float(code)))
    seen = set()
    for text, _, _ in out:
        assert len(text.split()) <= 2, f"rules have one or two words: {text}"

        assert text not in seen, text
        seen.add(text)
    return out


def main():
    rules = entries()
    size = 1
    while size < len(rules) * 4:
        size *= 2
    slots = [None] * size
    # Two-word rules first, so a probe meets them before the one-word rule
    # on the same first word (ut_rule_find still checks all of the chain).
    for text, kind, factor in sorted(rules, key=lambda r: (-len(r[0].split()), r[0])):
        words = text.split()
        h = hash_bytes(words[0].encode())
        nh = hash_bytes(words[1].encode()) if len(words) > 1 else 0
        i = h & (size - 1)
        while slots[i] is not None:
            i = (i + 1) & (size - 1)
        slots[i] = (h, nh, factor, kind, len(words), text)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "engine", "model", "score_rules_table.c")
    import io
    f = io.StringIO()
    if True:
        f.write("/* score_rules_table.c — generated by tools/gen_score_rules.py; do not edit.\n"
                " * The default model's function words keyed by ut_hash_bytes (score_rules.h). */\n")
        f.write('#include "model/score_rules.h"\n\n')
        f.write(f"const uint32_t ut_rule_table_mask = {size - 1}u;\n\n")
        f.write(f"const ut_rule ut_rule_table[{size}] = {{\n")
        for i, s in enumerate(slots):
            if s is None:
                continue
            h, nh, factor, kind, nw, text = s
            f.write(f'    [{i}] = {{0x{h:016x}ull, 0x{nh:016x}ull, {factor}f, {kind}, {nw}, "{text}"}},\n')
        f.write("};\n\n")
        bloom = [0] * 64
        for s in slots:
            if s is not None:
                top = s[0] >> 52
                bloom[top >> 6] |= 1 << (top & 63)
        f.write("const uint64_t ut_rule_filter[64] = {\n")
        for i in range(0, 64, 4):
            f.write("    " + " ".join(f"0x{b:016x}ull," for b in bloom[i:i + 4]) + "\n")
        f.write("};\n")
        words = cue_words()
        csize = 1
        while csize < len(words) * 4:
            csize *= 2
        cslots = [None] * csize
        for w in sorted(words):
            h = hash_bytes(w.encode())
            i = h & (csize - 1)
            while cslots[i] is not None:
                i = (i + 1) & (csize - 1)
            cslots[i] = (h, words[w][0], words[w][1], w)
        f.write(f"\nconst uint32_t ut_cue_word_mask = {csize - 1}u;\n\n")
        f.write(f"const ut_cue_word ut_cue_word_table[{csize}] = {{\n")
        for i, c in enumerate(cslots):
            if c is None:
                continue
            h, cls, val, w = c
            f.write(f'    [{i}] = {{0x{h:016x}ull, 0x{cls:04x}u, {val}, "{w}"}},\n')
        f.write("};\n")
    text = f.getvalue()
    if "--check" in sys.argv[1:]:
        with open(path) as current:
            if current.read() != text:
                sys.stderr.write(f"{path} is stale: rerun tools/gen_score_rules.py\n")
                sys.exit(1)
        return
    with open(path + ".tmp", "w") as out:
        out.write(text)
    os.replace(path + ".tmp", path)
    print(f"{len(rules)} rules in {size} slots, {len(cue_words())} cue words -> {path}")


if __name__ == "__main__":
    main()
