/*
 * classify_rules.c -- our own rules for threats and discrimination, and the listed words we
 * do not flag. Written from the kinds of phrases moderators see, not from any test set.
 */
#include "core/classify.h"

#define EN_GROUPS                                                                                  \
	"blacks|jews|muslims|gays|immigrants|mexicans|asians|arabs|gypsies|africans|lesbians|"     \
	"foreigners|refugees|migrants|negroes|hispanics|latinos|homosexuals|chinese|indians|"      \
	"women|trannies|transgenders"
#define RU_GROUPS                                                                                                                                            \
	"евре~|жид~|чурк~|чурок|хач~|цыган~|мигрант~|приезж~|негр~|гей|геи|геев|геям|педик~|"    \
	"кавказц~|кавказск~|азиат~|таджик~|узбек~|хохл~|москал~|нерусск~|инородц~|черножоп~|" \
	"чёрных|черных|чёрным|черным|чёрные|черные"
#define EN_INSULTS                                                                                 \
	"animals|vermin|subhuman|inferior|scum|parasites|filth|filthy|dirty|rats|cockroaches|"     \
	"criminals|savages|disgusting|trash|apes|monkeys|terrorists|lazy|stupid|thieves"
#define RU_INSULTS                                                                                                                                                         \
	"животные|твари|мрази|паразиты|недолюди|скоты|крысы|тараканы|грязь|мусор|отбросы|быдло|" \
	"обезьяны|воры|бандиты|террористы|нелюди|зверье|зверьё"

const struct classify_rule classify_rules[] = {
	/* threats, English */
	{ CLASSIFY_THREAT, 1,
	    "kill|murder|shoot|stab|strangle|behead|slaughter|butcher|torture|execute / "
	    "you|u|ya|yall|him|her|them|everyone|everybody" },
	{ CLASSIFY_THREAT, 2, "you|u|ya / will|gonna|going|shall / die|bleed" },
	{ CLASSIFY_THREAT, 0, "know / where / you|u / live" },
	{ CLASSIFY_THREAT, 0, "death / to / you|u|all|them" },
	{ CLASSIFY_THREAT, 1, "bomb|blow|burn|shoot / up / your|the / house|office|shop|school" },
	/* threats, Russian: first-person future forms threaten by themselves */
	{ CLASSIFY_THREAT, 0,
	    "убью|убьём|убьем|зарежу|пристрелю|застрелю|прирежу|придушу|задушу|урою|закопаю|"
	    "прикончу|замочу|покалечу|сожгу|порешу|отпизжу|сдохни|сдохнешь|сдохнете|сдохните" },
	{ CLASSIFY_THREAT, 1,
	    "убить|убей|убейте|зарезать|пристрелить|застрелить|убивать|сжечь|взорвать / "
	    "тебя|вас|его|её|ее|их|всех|твою|твоих|вашу|ваших" },
	{ CLASSIFY_THREAT, 0, "тебе|вам|тебя / конец|крышка|хана|капут" },
	{ CLASSIFY_THREAT, 0, "ты|вы / труп|трупы|покойник" },
	{ CLASSIFY_THREAT, 1, "найду|найдём|найдем|достану / тебя|вас" },
	{ CLASSIFY_THREAT, 0, "смерть / тебе|вам|всем" },
	/* discrimination, English */
	{ CLASSIFY_DISCRIMINATION, 0, "no / " EN_GROUPS },
	{ CLASSIFY_DISCRIMINATION, 1, EN_GROUPS " / not / allowed|welcome|wanted|served" },
	{ CLASSIFY_DISCRIMINATION, 1, EN_GROUPS " / are|is|r / " EN_INSULTS },
	{ CLASSIFY_DISCRIMINATION, 1, "hate / " EN_GROUPS },
	{ CLASSIFY_DISCRIMINATION, 1, "kill|gas|deport|exterminate / all|the / " EN_GROUPS },
	{ CLASSIFY_DISCRIMINATION, 0, "whites / only" },
	{ CLASSIFY_DISCRIMINATION, 0, "go / back / to / your / country" },
	/* discrimination, Russian */
	{ CLASSIFY_DISCRIMINATION, 0,
	    "жид|жиды|жидов|жидам|жидовка|жидовский|чурка|чурки|чурок|хач|хачи|хачей|хачик|"
	    "черножопый|черножопые|узкоглазый|узкоглазые|ниггер|ниггеры|пидор~|пидар~|педик|педики|"
	    "пидорас~|пидарас~" },
	{ CLASSIFY_DISCRIMINATION, 1, "только / славянам|славян|русским|русских|славянской" },
	{ CLASSIFY_DISCRIMINATION, 0, "без / " RU_GROUPS },
	{ CLASSIFY_DISCRIMINATION, 2,
	    RU_GROUPS
	    " / не / звонить|беспокоить|обращаться|предлагать|сдаю|сдаём|сдаем|берём|берем" },
	{ CLASSIFY_DISCRIMINATION, 1,
	    "не / сдаю|сдаём|сдаем|берём|берем|принимаем|обслуживаем / " RU_GROUPS },
	{ CLASSIFY_DISCRIMINATION, 2, RU_GROUPS " / " RU_INSULTS },
	{ CLASSIFY_DISCRIMINATION, 0, "смерть / " RU_GROUPS },
	{ CLASSIFY_DISCRIMINATION, 1, "ненавижу / " RU_GROUPS },
};
const size_t classify_nrules = NELEM(classify_rules);

const char *const classify_ignored[] = {
	"anus",
	"penis",
	"vagina",
	"vulva",
	"rectum",
	"semen",
	"genitals",
	"clitoris",
	"urethra play",
	"ejaculation",
	"nipple",
	"nipples",
	"intercourse",
	"lovemaking",
	"sexual",
	"sexually",
	"sexuality",
	"sexy",
	"erotic",
	"escort",
	"butt",
	"nude",
	"nudity",
	"panties",
	"panty",
	"playboy",
	"cialis",
	"viagra",
	"kinky",
	"suck",
	"sucks",
	"xx",
	"domination",
	"big black",
	"hot chick",
	"huge fat",
	"how to kill",
	"how to murder",
	"tied up",
	"taste my",
	"tongue in a",
	"tight white",
	"sultry women",
	"strip club",
	"topless",
	"undressing",
	"eunuch",
	"swinger",
	"vibrator",
	"voyeur",
	"big breasts",
	"busty",
	"bondage",
	"scat",
	"mong",
	"grope",
	"hooker",
	"gol",
	"byk",
	"petuh",
	"perdet",
	"fingering",
	"humping",
	"fecal",
	"incest",
	"sadism",
	"tainted love",
	"jelly donut",
	"style doggy",
	"girl on",
	"camel toe",
};
const size_t classify_nignored = NELEM(classify_ignored);
