/* gen_vocab.h — the vocabulary of the benchmark corpus generator (bench/gen.c).
 *
 * Written by hand for undertone; nothing here is taken from a public corpus
 * or lexicon. The idea: a review is a sequence of whole sentences drawn from
 * small per-theme lists chosen by polarity, so the text sounds like real
 * customer feedback while its sentiment and themes stay under control. Each
 * theme's sentences use only that theme's words (billing words such as
 * "charged", "refund", "invoice" appear nowhere else), so a cluster planted
 * in one theme does not leak into the others.
 *
 * Slots inside a sentence, filled by the generator:
 *   ^        nothing, or one of GEN_INTENSIFIERS (which end in a space);
 *   [a|b|c]  one of the alternatives (no nesting);
 *   @        a made-up name from GEN_SYLLABLES (a product, dish or person);
 *   #        a number from 2 to 60.
 * The alternatives and names give the corpus a realistic vocabulary and a
 * compression ratio near that of real review text, instead of a handful of
 * sentences repeated millions of times. */
#ifndef GEN_VOCAB_H
#define GEN_VOCAB_H

#define GEN_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const GEN_INTENSIFIERS[] = {"very ",      "really ", "super ", "incredibly ",
                                               "extremely ", "so ",     "quite ", "genuinely "};

/* ---- staff ---- */
static const char *const staff_pos[] = {
    "[The|All the] [staff|team|employees] [were|seemed] ^[friendly|welcoming|kind|warm|lovely] and [made us feel "
    "welcome|put us at ease|made us feel at home].",
    "Our [server|waiter|waitress] was ^[attentive|friendly|charming] without being pushy.",
    "The manager came over to check everything was [fine|okay|to our liking], which was a nice touch.",
    "Everyone on the [team|staff] was ^[polite|courteous|professional] and knew what they were talking about.",
    "The [young man|young woman|lady|guy] at the [counter|till|front desk] was ^[helpful|patient|kind] with all my "
    "questions.",
    "[Staff|The team|The employees] went out of their way to help [us|me], nothing was too much trouble.",
    "The [employees|staff] were ^cheerful, you can tell they like working there.",
    "@ at the front desk was ^lovely and remembered our names.",
    "The sales assistant gave [honest|sensible|good] advice instead of pushing the [priciest|most expensive] option.",
    "Great [team|staff], ^professional and warm at the same time.",
    "The [cashier|receptionist|host] greeted us with a smile.",
    "Big thanks to @ who [looked after us|served us|helped me out] today.",
};
static const char *const staff_neg[] = {
    "The [staff|team|employees] [were|seemed] ^[rude|unfriendly|dismissive] and acted like we were bothering them.",
    "Our [server|waiter|waitress] ignored us and was chatting with [colleagues|friends] the whole time.",
    "The manager was ^[dismissive|arrogant|condescending] and did not even apologise.",
    "The [employee|guy|young man] at the [counter|till|desk] rolled his eyes when I asked a simple question.",
    "The [woman|girl|lady] at the [counter|till|desk] rolled her eyes when I asked a simple question.",
    "[Staff|The employees|The team] seemed ^clueless about their own products.",
    "Nobody greeted us and the attitude of the [staff|team] was ^[unpleasant|appalling|hostile].",
    "The sales assistant was ^pushy and would not take no for an answer.",
    "One of the [staff|employees] told me \"that's not my problem\" and walked away.",
    "The [staff|team] were not ^helpful at all.",
    "The [person|receptionist|cashier] at the desk was ^unfriendly and clearly did not want to be there.",
    "I have never met such [rude|unhelpful|incompetent] staff.",
    "@ at the [counter|desk] was [rude|short with me|condescending] for no reason.",
};
static const char *const staff_neu[] = {
    "There were [two|three|four] staff members on shift when we came in.",
    "The staff wear [green|blue|black] uniforms with name badges.",
    "A different [employee|server] served us the second time.",
};

/* ---- wait ---- */
static const char *const wait_pos[] = {
    "We were seated ^quickly even though it was [busy|packed|a Friday night].",
    "The wait was short, maybe # minutes at most.",
    "Service was ^[fast|quick|efficient] and we were in and out in no time.",
    "No queue at all, which was a ^[pleasant|nice] surprise.",
    "They [got us in|saw us] right on time for our appointment.",
    "Everything moved ^[quickly|smoothly] and efficiently.",
    "Barely any wait, even at [lunchtime|the weekend|rush hour].",
};
static const char *const wait_neg[] = {
    "We waited over [40|45|50|an hour|90 minutes|two hours] and nobody told us why.",
    "The queue was ^long and barely moving.",
    "[Forty|Fifty|Thirty-five] minutes before anyone even took our order, ^ridiculous.",
    "The wait was [far|way] too long for what it was.",
    "I was kept waiting for ages even though I had [an appointment|a booking|a reservation].",
    "Slow, slow, slow, we almost gave up and left.",
    "The line went out the door and only one [till|register|counter] was open.",
    "We sat there for [25|30|40|45] minutes [waiting for the bill|before anyone noticed us|waiting to be seated].",
};
static const char *const wait_neu[] = {
    "We waited about # minutes, which is normal for a [Saturday|Sunday|Friday].",
    "There was a short queue when we arrived.",
};

/* ---- support ---- */
static const char *const support_pos[] = {
    "[Customer service|Customer support|The support team] sorted out my problem in one [phone call|email|chat].",
    "The support agent on the chat was ^[patient|knowledgeable|friendly] and [solved it|fixed it|got it sorted] "
    "quickly.",
    "I emailed customer support and got a ^helpful reply within the hour.",
    "The helpline [staff|agent] actually listened and fixed the issue.",
    "Support followed up the next day to make sure everything was working.",
    "@ from customer service was ^[brilliant|amazing|helpful].",
};
static const char *const support_neg[] = {
    "Customer [service|support] is ^useless, I was passed from one agent to another.",
    "I called the helpline [four|five|six|seven] times and nobody could help me.",
    "[Support|Customer service|The support team] never answered my emails.",
    "The chat agent kept pasting the same scripted reply.",
    "I spent [two|three] hours on hold with customer [support|service] and then got cut off.",
    "The support team promised a call back that never came.",
    "Customer service hung up on me [twice|three times].",
};
static const char *const support_neu[] = {
    "I contacted customer support to ask about opening hours.",
    "The support line is open from nine to five on weekdays.",
};

/* ---- price ---- */
static const char *const price_pos[] = {
    "Prices are ^reasonable for the quality you get.",
    "[Great|Good|Excellent] value for money.",
    "Cheaper than the other places around here and just as good.",
    "Worth every penny.",
    "The [lunch deal|set menu|weekly offer] is ^good value.",
    "Very fair prices, especially [for the area|compared to the competition].",
};
static const char *const price_neg[] = {
    "[Way|Far|Much] too ^expensive for what you get.",
    "The prices have gone up again and it is no longer worth it.",
    "Overpriced, you can find the same thing for half the price elsewhere.",
    "[Poor|Terrible] value for money.",
    "# euros for a [small coffee|sandwich|bottle of water] is ^ridiculous.",
    "Not worth the price at all.",
};
static const char *const price_neu[] = {
    "Prices are about the same as elsewhere in town.",
    "The price was listed clearly on the shelf.",
};

/* ---- billing (the default planted theme: keep its words here only) ---- */
static const char *const billing_pos[] = {
    "The bill was clear and correct.",
    "Payment by card was quick and easy.",
    "When I returned an item the refund was processed within [two|three] days.",
    "The invoice came by email straight away.",
};
static const char *const billing_neg[] = {
    "I was billed for something I never ordered.",
    "The invoice was wrong and nobody would correct it.",
    "They took the payment from my card but the order was cancelled.",
    "Still no refund after # days.",
    "Hidden fees were added to the bill at the end.",
};
static const char *const billing_neu[] = {
    "I paid by card.",
    "The bill came to about # euros for two.",
};

/* ---- quality ---- */
static const char *const quality_pos[] = {
    "The quality is ^[excellent|outstanding|superb], it feels built to last.",
    "Solid materials and ^good workmanship.",
    "Still works perfectly after # months of daily use.",
    "You can tell the quality is better than the cheap alternatives.",
    "Beautifully made, the stitching is ^neat.",
    "My @ is [sturdy|well made|solid] and looks great.",
};
static const char *const quality_neg[] = {
    "It broke after [two weeks|a week|# days|a month].",
    "The quality is ^poor, it feels [flimsy|cheap|fragile].",
    "The [handle|strap|lid|zip] snapped off the first time I used it.",
    "Shoddy workmanship, the seams were already coming apart.",
    "The colour faded after one wash.",
    "It stopped working after a month and the buttons stick.",
    "My @ fell apart within [days|weeks].",
};
static const char *const quality_neu[] = {
    "It is made of [plastic|aluminium|steel] with a [metal|wooden] frame.",
    "It comes in # colours.",
};

/* ---- delivery (also the large, proportionate complaint theme) ---- */
static const char *const delivery_pos[] = {
    "Delivery was ^quick, the parcel came the next day.",
    "The package arrived [well wrapped|in perfect condition] and on time.",
    "The courier was ^friendly and called ahead.",
    "Shipping was free and faster than promised.",
};
static const char *const delivery_neg[] = {
    "The delivery was [a week|# days|two weeks] late.",
    "The parcel arrived damaged and the box was [soaked|crushed|torn open].",
    "The courier left the package in the rain outside the door.",
    "Shipping took forever and the tracking never updated.",
    "The delivery driver claimed nobody was home but I was there all day.",
    "My order was delivered to the wrong address.",
    "The package never showed up and the courier blames the depot.",
};
static const char *const delivery_neu[] = {
    "It was delivered on a [Monday|Tuesday|Thursday].",
    "The package came in a plain brown box.",
};

/* ---- app ---- */
static const char *const app_pos[] = {
    "The app is ^easy to use and ordering takes seconds.",
    "The website is ^[clean|simple] and easy to navigate.",
    "Booking online through the app worked perfectly.",
    "The new app update is a real improvement.",
};
static const char *const app_neg[] = {
    "The app keeps crashing when I try to log in.",
    "The website is ^slow and the search is useless.",
    "After the last update the app logs me out every time.",
    "The app froze [twice|# times] before I could finish my order.",
    "The login page on the website never loads.",
};
static const char *const app_neu[] = {
    "I ordered through the app.",
    "You can also book on the website.",
};

/* ---- cleanliness ---- */
static const char *const clean_pos[] = {
    "The place was ^clean and tidy.",
    "Spotless [toilets|bathrooms], which is rare.",
    "Everything looked freshly cleaned.",
    "Very hygienic, the tables were wiped down after every guest.",
};
static const char *const clean_neg[] = {
    "The place was ^dirty and the floor was sticky.",
    "The [toilets|bathrooms] were ^filthy.",
    "There was dust everywhere and the bins were overflowing.",
    "The tables had not been wiped and there were crumbs everywhere.",
    "It smelled musty and unclean.",
};
static const char *const clean_neu[] = {
    "They clean the tables between customers.",
};

/* ---- food ---- */
static const char *const food_pos[] = {
    "The food was ^[delicious|tasty|amazing], especially the [pasta|curry|fish|dessert].",
    "Best [burger|pizza|ramen|curry] I have had in a long time.",
    "The coffee is ^excellent and the pastries are fresh.",
    "Fresh ingredients and ^generous portions.",
    "The [crème brûlée|tiramisu|cheesecake] was perfect.",
    "Tasty dishes, well seasoned and nicely presented.",
    "The @ special is a must.",
};
static const char *const food_neg[] = {
    "The food was cold and ^bland.",
    "My [steak|chicken|burger] was overcooked and tough.",
    "The coffee tasted burnt.",
    "Tiny portions and the salad was wilted.",
    "The soup was lukewarm and far too salty.",
    "The [fish|prawns|chicken] did not taste fresh.",
    "The @ special was [inedible|disgusting|a disaster].",
};
static const char *const food_neu[] = {
    "I had the [chicken|lamb|risotto] and my partner had the [salad|fish|pasta].",
    "The menu changes every season.",
};

/* ---- room ---- */
static const char *const room_pos[] = {
    "The room was ^spacious with a lovely view.",
    "Comfortable bed and a great shower.",
    "The room was quiet and we slept ^well.",
    "Our room had been upgraded without us asking.",
};
static const char *const room_neg[] = {
    "The room was ^tiny and the bed was uncomfortable.",
    "The air conditioning in our room did not work.",
    "Our room was noisy and we barely slept.",
    "The shower in the room was broken.",
    "The room smelled of smoke.",
};
static const char *const room_neu[] = {
    "Our room was on the [second|third|fifth] floor.",
    "The room had two single beds.",
};

/* ---- fit ---- */
static const char *const fit_pos[] = {
    "The size guide was accurate and it fits ^perfectly.",
    "Fits true to size and looks great.",
    "The cut is ^flattering and comfortable.",
    "Great fit, the sleeves are just the right length.",
};
static const char *const fit_neg[] = {
    "It runs ^small, I had to send it back.",
    "The fit is awful, far too tight across the shoulders.",
    "The size chart is wrong, the large fits like a small.",
    "The sleeves are ^short and the waist is baggy.",
};
static const char *const fit_neu[] = {
    "I normally wear a [small|medium|large] and ordered the same.",
    "I am five foot [six|eight|ten] for reference.",
};

typedef struct gen_theme_vocab {
    const char *name;
    unsigned weight; /* how often the theme comes up, relative to the others */
    const char *const *pos, *const *neg, *const *neu;
    unsigned n_pos, n_neg, n_neu;
} gen_theme_vocab;

#define GEN_THEME(name, weight, prefix)                                                                                \
    {                                                                                                                  \
        name, weight, prefix##_pos, prefix##_neg, prefix##_neu, GEN_COUNT(prefix##_pos), GEN_COUNT(prefix##_neg),      \
            GEN_COUNT(prefix##_neu)                                                                                    \
    }

/* Weights: billing is deliberately rare in the background so that a planted
 * billing cluster stands out against its baseline. */
static const gen_theme_vocab GEN_THEMES[] = {
    GEN_THEME("staff", 16, staff),      GEN_THEME("wait", 10, wait),      GEN_THEME("support", 7, support),
    GEN_THEME("price", 10, price),      GEN_THEME("billing", 2, billing), GEN_THEME("quality", 12, quality),
    GEN_THEME("delivery", 8, delivery), GEN_THEME("app", 6, app),         GEN_THEME("cleanliness", 6, clean),
    GEN_THEME("food", 9, food),         GEN_THEME("room", 5, room),       GEN_THEME("fit", 5, fit),
};

/* Sentences about no theme in particular, by polarity. Some carry accents,
 * emoji or CJK so the tokenizer meets non-ASCII text. */
static const char *const general_pos[] = {
    "Highly recommended!",
    "Would ^definitely [come back|recommend|go again].",
    "Five stars from me.",
    "Absolutely loved it.",
    "A ^[great|fantastic|wonderful] experience from start to finish.",
    "Can't wait to come back!",
    "I will tell all my [friends|colleagues|family] about it.",
    "Everything was just right.",
    "We had a wonderful time.",
};
static const char *const general_neg[] = {
    "Never again.",
    "Avoid if you can.",
    "^Really disappointed overall.",
    "What a waste of [time|an afternoon|a day off].",
    "Worst experience I have had in years.",
    "I would give zero stars if I could.",
    "Do not bother.",
    "Not what I expected at all.",
};
static const char *const general_neu[] = {
    "We visited on a Saturday morning.",
    "I have been a customer for about [two|three|five|ten] years.",
    "My partner came along too.",
    "I bought this as a gift for my mother.",
    "This was our [second|third|fourth] visit this [month|year].",
    "We live nearby, so we come here often.",
    "Our friend Sam recommended it.",
    "My colleague came with me after work.",
    "We stopped by on the way back from the airport.",
    "I ordered the @ in grey.",
    "We tried the @ combo this time.",
    "Ask for @ at the counter, she knows everything.",
    "The @ replaced my old one.",
    "It was my first time trying @.",
    "I went in with my kids, aged [five|six|seven] and [nine|ten|twelve].",
    "It was raining, so we went inside.",
    "The shop is next to the station, on the corner.",
    "I read the other reviews before going, so I knew what to expect.",
    "Here is my honest opinion, for what it's worth.",
    /* anecdotes: neutral, many combinations, so the text does not repeat */
    "We [drove|walked|cycled|took the bus|came by taxi] over from [the station|the office|the gym|my parents' "
    "place|the airport|the hospital|school|the market|the library|the harbour|the stadium|the museum|the old town|the "
    "ring road|the university|the park|the beach|the cinema|the hotel|the motorway] [on Monday|on a Tuesday "
    "evening|last Wednesday|on Thursday night|on Friday afternoon|on a rainy Saturday|on Sunday morning|during the "
    "holidays|in the school break|after the match|before the concert|on my birthday|on our anniversary|in late "
    "August|in early spring|just before Christmas|on a bank holiday|at lunchtime|around six|late in the evening].",
    "I went with [my wife|my husband|my sister|my brother|my mum|my dad|two friends|a colleague|my neighbour|my "
    "grandmother|my son|my daughter|our whole team|my flatmate|my partner|my cousin|a client|our book club|my best "
    "friend|the kids] to get [a birthday present|new shoes|a winter coat|a kettle|a laptop bag|groceries|a quick "
    "lunch|breakfast|a coffee and a cake|a haircut|a phone case|some paint|garden chairs|a lamp|a suitcase|school "
    "uniforms|a dinner for six|a weekend stay|a car seat|a bike helmet].",
    "[my wife|my husband|my sister|my brother|my mum|my dad|two friends|a colleague|my neighbour|my grandmother|my "
    "son|my daughter|our whole team|my flatmate|my partner|my cousin|a client|our book club|my best friend|the kids] "
    "[needed|wanted|was looking for] [a birthday present|new shoes|a winter coat|a kettle|a laptop bag|groceries|a "
    "quick lunch|breakfast|a coffee and a cake|a haircut|a phone case|some paint|garden chairs|a lamp|a "
    "suitcase|school uniforms|a dinner for six|a weekend stay|a car seat|a bike helmet], so we tried this place [on "
    "Monday|on a Tuesday evening|last Wednesday|on Thursday night|on Friday afternoon|on a rainy Saturday|on Sunday "
    "morning|during the holidays|in the school break|after the match|before the concert|on my birthday|on our "
    "anniversary|in late August|in early spring|just before Christmas|on a bank holiday|at lunchtime|around six|late "
    "in the evening].",
    "It is [a short walk|ten minutes|a long way|right around the corner|two stops] from [the station|the office|the "
    "gym|my parents' place|the airport|the hospital|school|the market|the library|the harbour|the stadium|the "
    "museum|the old town|the ring road|the university|the park|the beach|the cinema|the hotel|the motorway].",
    "We [had planned|booked|went] [on Monday|on a Tuesday evening|last Wednesday|on Thursday night|on Friday "
    "afternoon|on a rainy Saturday|on Sunday morning|during the holidays|in the school break|after the match|before "
    "the concert|on my birthday|on our anniversary|in late August|in early spring|just before Christmas|on a bank "
    "holiday|at lunchtime|around six|late in the evening] because [my wife|my husband|my sister|my brother|my mum|my "
    "dad|two friends|a colleague|my neighbour|my grandmother|my son|my daughter|our whole team|my flatmate|my "
    "partner|my cousin|a client|our book club|my best friend|the kids] [was in town|had the day off|recommended it].",
    "I was buying [a birthday present|new shoes|a winter coat|a kettle|a laptop bag|groceries|a quick "
    "lunch|breakfast|a coffee and a cake|a haircut|a phone case|some paint|garden chairs|a lamp|a suitcase|school "
    "uniforms|a dinner for six|a weekend stay|a car seat|a bike helmet] for [my wife|my husband|my sister|my "
    "brother|my mum|my dad|two friends|a colleague|my neighbour|my grandmother|my son|my daughter|our whole team|my "
    "flatmate|my partner|my cousin|a client|our book club|my best friend|the kids].",
};

/* Non-ASCII sentences (accents, emoji, a little CJK), by polarity, used
 * now and then in place of a general sentence. */
static const char *const nonascii_pos[] = {
    "Très bien, merci!",
    "Everything was perfect 👍",
    "We had a wonderful time 😊",
    "非常好，推荐！",
    "Danke, alles super!",
    "¡Muy bueno! 🙌",
    "Our friend Zoë loved it ❤️",
};
static const char *const nonascii_neg[] = {
    "Worst experience I have had in years 😡", "Do not bother 👎", "太差了。", "Très décevant.", "Nie wieder. 😞",
};
static const char *const nonascii_neu[] = {
    "Our friend Zoë recommended it.",
    "My colleague José came with me after work.",
    "We stopped by on the way back from Zürich.",
    "我们是周末去的。",
    "We sat by the window ☀️",
    "I bought it for the café at work.",
};

/* Syllables of made-up product and person names ('@' slots): 48^2 + 48^3
 * names give the corpus a long tail of rare words, like real reviews. */
static const char *const GEN_SYLLABLES[] = {
    "ka",  "lo",  "mi",  "ren", "tor", "va",  "zen", "bel", "cor", "da",  "el", "fin", "gra", "hal", "in",  "jo",
    "kel", "lum", "mar", "nor", "o",   "pra", "qui", "ros", "sil", "ta",  "u",  "vin", "wen", "xa",  "yel", "zo",
    "bri", "cas", "dor", "fe",  "gil", "ha",  "is",  "lan", "mo",  "nix", "pe", "ri",  "sa",  "te",  "vo",  "ly",
};

/* Openers put before a sentence now and then; the sentence's first letter
 * is lowered after one (except for "I"). */
static const char *const GEN_OPENERS[] = {"Honestly, ",       "To be fair, ", "Overall, ",  "Also, ",
                                          "On top of that, ", "Then again, ", "In short, ", "Frankly, "};
/* Openers that mark a contrast, used when the polarity flips. */
static const char *const GEN_CONTRASTS[] = {"However, ", "That said, ", "On the other hand, ", "Still, ", "But "};

static const char *const GEN_EMOJI_POS[] = {" 😊", " 👍", " ❤️", " 🙌", " 😀"};
static const char *const GEN_EMOJI_NEG[] = {" 😡", " 👎", " 😞", " 🙄"};

static const char *const title_pos[] = {"Great experience", "Loved it",  "Excellent service", "Five stars",
                                        "Would recommend",  "Fantastic", "Really good",       "Très bon",
                                        "Happy customer",   "Spot on"};
static const char *const title_mixed[] = {"Mixed feelings", "Okay, could be better", "Decent",
                                          "Average",        "Some good, some bad",   "It's fine"};
static const char *const title_neg[] = {"Very disappointed", "Terrible",    "Avoid",    "Not worth it",
                                        "Awful service",     "Never again", "Let down", "Poor"};

#endif
