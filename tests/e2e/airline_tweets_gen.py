#!/usr/bin/env python3
"""airline_tweets_gen.py SEED OUT.csv [BAGGY|none] — airline tweets written
for undertone (tests/e2e/airline_tweets.sh): six carriers tweeted at in the
public's short, lowercase, hashtagged style, about delays, cancellations,
staff, support, seats, baggage, praise and plain questions. The carrier
BAGGY (default northjet; none: no such carrier) loses bags three times as
often as the rest (15% of its tweets against 5%); its baggage complaints
come in many words ("where is my bag? its been 3 days", "lost luggage again",
"my bags never arrived") and neutral baggage questions go to every carrier.
Seeded: the same corpus every run."""
import csv, random, sys

seed, out = int(sys.argv[1]), sys.argv[2]
baggy = sys.argv[3] if len(sys.argv) > 3 else "northjet"
rng = random.Random(seed)
AIRLINES = ["skyways", "blueair", "northjet", "coastal", "aerolux", "transpac"]
TOPICS = {
    "baggage": ["@{a} where is my bag? its been {n} days", "lost luggage again thanks @{a}",
                "@{a} you lost my suitcase and nobody answers the phone", "my bag went to {city} and I went to {city2} @{a}",
                "@{a} {n} days and still no sign of my luggage", "@{a} my bags never arrived, landed {n} hours ago",
                "baggage claim took {n} minutes and then my suitcase was not there @{a}",
                "@{a} delayed baggage again, no clothes for the wedding"],
    "delay": ["@{a} delayed {n} hours and no updates", "another delay @{a}, sitting on the tarmac for {n} minutes",
              "@{a} flight delayed again, missed my meeting", "{n} hour delay and not even a water @{a}"],
    "cancel": ["@{a} cancelled my flight with no notice", "flight cancelled @{a} and rebooked me for tomorrow night",
               "@{a} why was my flight canceled"],
    "staff": ["the gate agent was so rude @{a}", "@{a} your crew was rude and unhelpful",
              "@{a} flight attendant yelled at an old lady"],
    "support": ["@{a} on hold for {n} hours", "@{a} your customer service is useless",
                "@{a} chat support keeps disconnecting"],
    "seat": ["@{a} seats are so cramped my knees hurt", "no legroom at all @{a}", "@{a} broken seat for a {n} hour flight"],
    "praise": ["@{a} great flight, thanks to the crew", "smooth landing and early arrival @{a} thank you",
               "@{a} love the new seats", "thanks @{a} for the quick rebooking", "@{a} best crew ever",
               "@{a} on time and friendly staff"],
    "neutral": ["@{a} what is the baggage allowance to {city}?", "@{a} can I bring a suitcase and a backpack?",
                "flying @{a} to {city} tomorrow", "@{a} does the {city} flight have wifi?"],
}
CITIES = ["Denver", "Chicago", "Boston", "Miami", "Dallas", "Seattle", "Atlanta", "Phoenix"]
# share of each airline's tweets by topic; the baggy carrier loses bags 3x as often
base = {"baggage": 0.05, "delay": 0.14, "cancel": 0.06, "staff": 0.06, "support": 0.08, "seat": 0.05,
        "praise": 0.36, "neutral": 0.20}
rows = []
n = 0
for a in AIRLINES:
    weights = dict(base)
    if a == baggy:
        weights["baggage"] = 0.15
    topics = list(weights)
    count = rng.randint(500, 900)
    for _ in range(count):
        t = rng.choices(topics, [weights[k] for k in topics])[0]
        text = rng.choice(TOPICS[t]).format(a=a, n=rng.randint(2, 9), city=rng.choice(CITIES),
                                             city2=rng.choice(CITIES))
        if rng.random() < 0.3:
            text = text.lower()
        if rng.random() < 0.2:
            text += " #fail" if t not in ("praise", "neutral") else " #happy"
        n += 1
        rows.append({"id": f"t{n:05d}", "airline": a, "text": text})
rng.shuffle(rows)
with open(out, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["id", "airline", "text"])
    w.writeheader()
    w.writerows(rows)
