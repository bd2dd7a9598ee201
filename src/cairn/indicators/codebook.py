"""The indicator lexicon: for each code of the domain brief, the phrasings that assert it.

Patterns are written in a small notation that `suggest.py` compiles into spaCy `Matcher`
patterns, so that the lexicon stays readable data:

- `word` matches any form with the same lookup lemma (`found` matches find, finds, finding);
  `a|b|c` matches any of them.
- `@CLASS` matches any word of a class below (`@WEAPON`: knife, machete, ...).
- `=word` (or `=a|b`) matches the lower-cased surface form exactly (`=bullied` is not
  `bullying`).
- A trailing `?` makes a token optional; `~N` skips up to N tokens within the clause.

Every rule is read in its clause with the scopes of `suggest.py`: negation, attribution to
another person, hypotheticals and worries, states said to be over, set work. Options on a
rule change that reading; they are the reasons a rule exists, so each is named:

- `object`: the subject may be the object inside the match ("other pupils bully *him*"), so a
  mention of the subject inside the match settles who it is about.
- `active`: the verb is something the subject does to others ("punched", "threatened"): in
  the passive with the subject as patient ("he was punched") the subject is the victim.
- `anyone`: other people may be the actors (family conflict is rows *with* others).
- `quoted`: a first-person conditional in the subject's own words still counts ("if they
  bully me again I'll stab them").
- `reflexive`: harm aimed at the subject himself or herself is not this code.
- `act`: a deed, so not after "to", "would", "will" ("wanted to stab him" is intent, not
  violence used).
- `weapon-in-sentence`: a pronoun stands for the weapon ("one was found in his bag"), so the
  sentence must name a weapon.

Each code's comment quotes what the domain brief's meaning table says holds and does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Word classes, as lookup lemmas or surface forms (both are compiled to lemmas).
CLASSES: dict[str, tuple[str, ...]] = {
    "WEAPON": _words(
        "knife knives blade machete sword katana axe hatchet dagger gun firearm pistol rifle "
        "shotgun handgun revolver crossbow taser knuckleduster knuckledusters baton cosh weapon "
        "weapons screwdriver cleaver scalpel razor bayonet ammunition bullets explosive "
        "explosives bomb grenade ied acid spray blades nunchucks catapult slingshot imitation "
        "replica airsoft stanley bat hammer sawn-off crowbar machetes swords knuckle "
        "knuckle-duster knuckle-dusters penknife pen-knife flick-knife lock-knife flick "
        "zombie-knife shank shanks tazer stun-gun glock uzi ak-47 molotov pipe-bomb nail-bomb "
        "air-rifle air-pistol bb pellet cartridges rounds crossbows box-cutter boxcutter "
        "cutter knuckledusters duster"
    ),
    "CONTAINER": _words(
        "bag rucksack backpack schoolbag pocket pockets waistband sock socks locker blazer coat "
        "jacket hoodie trousers possession person pencil case boot sleeve tray desk car bike "
        "trackies tracksuit shoe shoes trainers underwear bra glovebox handbag purse holdall "
        "waistbelt belt bumbag pouch sheath vehicle"
    ),
    "PLACE": _words(
        "school college class lesson lessons classroom park street shop town centre party club "
        "bus train station academy playground field pru unit youth estate mosque church event "
        "concert stadium city public work football canteen premises grounds ward mall "
        "college corridor gym"
    ),
    "HARM": _words(
        "kill murder stab shoot hurt harm attack bomb slit strangle batter slash maim massacre "
        "shank bash smash punch beat knife behead execute blow burn torture poison run injure "
        "wound finish destroy gas terrorise hit slice shooting stabbing killing bombing beating "
        "torch cut drive plough ram firebomb petrol slaughter rip deck batter merk merked smoke "
        "wet juk "
        "shank hospitalise hospitalize strangle suffer bleed glass cripple paralyse "
        "decapitate dismember massacre annihilate eliminate exterminate snipe gun blast"
    ),
    "ADULT": _words("man men adult adults stranger strangers older male males guy guys"),
    "HOME": _words(
        "home house flat address bedroom room wardrobe drawer loft shed garage bed mattress "
        "attic cupboard kitchen"
    ),
    "VIOLENT": _words(
        "assault assaulted punch punched hit kick kicked headbutt headbutted stab stabbed attack "
        "attacked beat slap slapped strangle bite batter rob robbed strike struck striking "
        "choke threaten threatened"
    ),
    "THREATCTX": _words(
        "rang phoned texted sent messaged emailed posted shouted screamed yelled wrote graffiti "
        "letter note caption message email text dm face bio voice"
    ),
    "ATTACKREF": _words(
        "columbine christchurch utøya utoya sandy parkland dunblane hungerford uvalde buffalo "
        "halle bataclan breivik tarrant klebold harris rodger massacre shooting shootings "
        "shooter shooters bombing bomber attack attacks attacker attackers killer killers "
        "atrocity stabbing stabbings terror terrorist terrorists gunman driver news synagogue "
        "mosque arena siege killings bombed mass-casualty hijacker hijackers 9/11 toronto vista "
        "isla manchester "
        "southport bombers gunmen"
    ),
    "ONLINE": _words(
        "online internet web website websites google googled browser phone laptop computer "
        "tablet device devices app apps youtube tiktok instagram snapchat discord telegram "
        "reddit twitter facebook whatsapp xbox playstation ps5 console roblox fortnite "
        "minecraft gaming kik marketplace dark-web darkweb"
    ),
    "SCHOOLISH": _words("school police council teachers staff social services government"),
    "SAYCTX": _words(
        "said says saying told tells telling wrote writes written stated states posted texted "
        "messaged emailed shouted screamed warned threatened disclosed admitted announced"
    ),
    # the names of attacks that are events, not the word "attack" ("panic attacks")
    "ATTACKNAME": _words(
        "columbine christchurch utøya utoya parkland dunblane hungerford uvalde buffalo halle "
        "bataclan breivik tarrant klebold rodger unabomber kaczynski mcveigh isla vista toronto "
        "plymouth beslan massacre shooter gunman bomber killer attacker"
    ),
    # media filmed or written by an attacker: extremist material, not research (README)
    "ATTACKMEDIA": _words("livestream livestreams livestreamed manifesto manifestos"),
    "RELATIVE": _words(
        "mum mother mom dad father stepdad stepfather stepmum stepmother parent parents "
        "brother sister sibling siblings nan gran grandmother grandfather"
    ),
    "MATERIAL": _words(
        "download downloaded downloading saved copy copies pdf file files printed document "
        "documents memory stick"
    ),
    "EXTREME": _words(
        "extremist extremism far-right neo-nazi nazi jihadist jihadi islamist isis daesh "
        "accelerationist proscribed banned terrorist supremacist fascist"
    ),
    "EXTREMEORMASS": _words(
        "extremist far-right neo-nazi nazi jihadist isis daesh accelerationist proscribed "
        "terrorist supremacist fascist shooter shooters gunman bomber attacker attackers "
        "massacre columbine christchurch buffalo halle gore beheading beheadings swastika"
    ),
    "GROOM": _words(
        "meet meeting secret gifts skip older adult man men 18 19 20 21 22 23 24 25 money"
    ),
    "VIOLTOPIC": _words(
        "killing killings murder murders massacres shootings stabbings blood gore death deaths "
        "knives guns weapons bodies corpses mutilation torture executions violence violent "
        "killers"
    ),
    "PERSIST": _words(
        "daily nightly constantly continually obsessed obsession obsessive obsessively fixated "
        "fixation preoccupied preoccupation dominated consumed endlessly incessantly"
    ),
    "SEARCHCTX": _words("search searched warrant found recovered seized located discovered"),
    "SELF": _words("himself herself themselves themself myself yourself"),
    "MASS": _words(
        "columbine christchurch utøya utoya sandy parkland dunblane hungerford uvalde buffalo "
        "halle bataclan breivik tarrant klebold harris rodger unabomber kaczynski mcveigh "
        "manchester southport massacre massacres shooting shootings shooter shooters bombing "
        "bombings bomber bombers attack attacks attacker attackers killer killers atrocity "
        "atrocities 9/11 7/7 spree livestream isla plymouth nottingham norway vegas siege "
        "beslan gunman gunmen hijacker hijackers toronto vista mass-casualty"
    ),
    "ATTACKER": _words(
        "shooter shooters attacker attackers bomber bombers killer killers terrorist terrorists "
        "breivik tarrant klebold harris rodger kaczynski unabomber mcveigh columbine murderer "
        "murderers gunman jihadi martyr martyrs saint hero heroes gunmen hijacker hijackers "
        "bloke guy"
    ),
    "RESEARCH": _words(
        "search searched research watch google view browse download stream bookmark screenshot "
        "screenshots searches video videos footage documentary documentaries article articles "
        "clip clips reading watching searching visit visited"
    ),
    "IDEOLOGY": _words(
        "extremist extremism far-right extreme-right right-wing far-left neo-nazi neo-nazis "
        "nazi nazis neonazi supremacist white-supremacist supremacy jihad jihadist jihadi "
        "islamist isis isil daesh qaeda accelerationist accelerationism fascist fascism racist "
        "racism antisemitic anti-semitic islamophobic hitler swastika swastikas caliphate "
        "kuffar kafir martyrdom terrorgram atomwaffen sonnenkrieg siege ethnonationalist "
        "nationalist homophobic misogynistic misogyny radical radicalised radicalized anarchist "
        "eco-fascist jihadism salafi-jihadist anti-muslim anti-immigrant ultranationalist "
        "islamism eco-extremist eco-extremism neo-fascist accelerationists white-nationalist "
        "nationalist-socialist 1488 14/88 sonnenrad totenkopf ethnostate anti-government "
        "sovereign-citizen militia race-realist patriot"
    ),
    "ND": _words(
        "autism autistic asd asc adhd asperger aspergers asperger's dyspraxia dyslexia dyslexic "
        "tourette tourettes tourette's fasd neurodivergent neurodivergence neurodevelopmental "
        "spectrum dyscalculia adhd/asd asd/adhd"
    ),
    "MH": _words(
        "depression depressed anxiety anxious suicidal suicide psychosis psychotic ptsd trauma "
        "traumatised traumatized anorexia bulimia ocd bipolar schizophrenia schizophrenic "
        "overdose overdosed ligature self-harm selfharm self-harming self-harms self-harmed "
        "self-harmer self-injury suicidality paranoia paranoid hallucinations hallucinating "
        "flashbacks nightmares panic eupd bpd worthless hopeless"
    ),
    "PEERS": _words(
        "peer peers pupil pupils other others boy boys girl girls classmate classmates student "
        "students child children kid kids group gang friend friends lad lads year"
    ),
    "FAMILY": _words(
        "mum mother mom dad father stepdad stepfather stepmum stepmother parent parents carer "
        "carers brother sister sibling siblings family grandmother grandfather nan grandad gran "
        "uncle aunt partner boyfriend home household"
    ),
}


@dataclass(frozen=True)
class Rule:
    """One phrasing: a pattern in the notation above, and the options of its reading."""

    pattern: str
    options: frozenset[str] = field(default_factory=frozenset)


def r(pattern: str, *options: str) -> Rule:
    return Rule(pattern, frozenset(options))


@dataclass(frozen=True)
class Code:
    code: str
    rules: tuple[Rule, ...]
    #: is a state (can be said to be over) rather than an act (which stays true however old)
    state: bool = False
    #: lemmas anywhere in the sentence that cancel a match of this code (see each code)
    blockers: tuple[str, ...] = ()
    #: words that must not follow the match immediately (e.g. "missing school")
    not_followed_by: tuple[str, ...] = ()


CODEBOOK: tuple[Code, ...] = (
    # weapon_carrying. Holds: "has or had a weapon on them or took one somewhere (school,
    # street, a shop), now or in the past". Not: "the weapon stayed at home (that is
    # acquisition), a search found nothing, or it was someone else's".
    Code(
        "weapon_carrying",
        (
            r(
                "sell|selling|sold|pass|passed|passing|hand|handed|handing|give|gave|giving ~4 "
                "@WEAPON ~4 to|at|in"
            ),
            r(
                "bring|brought|bringing ~2 =both|it|them|one ~4 into|to|in ~2 school|college|"
                "@PLACE",
                "needs:WEAPON",
            ),
            r("find|recover|confiscate|discover|seize ~3 @WEAPON ~14 @CONTAINER", "object"),
            r("@VIOLENT ~5 with ~4 @WEAPON", "active"),
            r(
                "hold|held|holding|point|pointed|pointing|wave|waved|waving|brandish|brandished "
                "~3 @WEAPON ~4 at|near|to|towards|against"
            ),
            r("find|caught|catch|stop|discover|arrest ~3 with ~4 @WEAPON", "object"),
            r(
                "@WEAPON ~6 find|recover|seize|discover|confiscate|remove|locate|take ~3 "
                "in|on|inside|from|under|down ~2 @CONTAINER|him|her|them",
                "object",
            ),
            r(
                "find|recover|seize|discover|confiscate|remove|locate|take ~3 @WEAPON ~4 "
                "in|on|inside|from|under|down ~2 @CONTAINER|him|her|them",
                "object",
            ),
            r("search ~5 find|locate|recover|reveal|produce ~3 @WEAPON", "object", "not-with:HOME"),
            r(
                "=one|it|this|these|they|some ~3 find|recover|seize|discover|locate|confiscate "
                "~3 in|on|inside|from|under|down ~2 @CONTAINER|him|her|them",
                "object",
                "weapon-in-sentence",
            ),
            r("carry|carrying|possess|possessing|conceal|concealing ~3 @WEAPON", "act"),
            r("bring|take|smuggle ~3 @WEAPON ~4 to|into|in|onto ~3 @PLACE", "act"),
            r("bring|brought ~3 @WEAPON ~2 in", "act"),
            r("have|had ~3 @WEAPON ~2 on|in ~2 him|her|them|@CONTAINER|@PLACE|person"),
            r("@WEAPON ~3 in|on ~2 his|her|their ~2 @CONTAINER", "object"),
            r("possession of ~4 @WEAPON"),
            r("=bladed article|articles"),
            r("=s.139|s139"),
            r("offensive weapon|weapons"),
            r("=s.139|s139|s.139(1"),
            r("section 139"),
            r("armed with ~3 @WEAPON"),
            r("brandish|wave|wield|pull|produce|flash|point ~3 @WEAPON"),
            r("threaten ~4 with ~3 @WEAPON", "active"),
            r("show|showed ~4 @WEAPON ~5 at|in|to ~2 @PLACE|@PEERS|friend|friends|pupil"),
            r("@WEAPON ~2 taped|strapped|hidden|concealed ~3 to|in|on|under"),
            r("knife|knives crime ~2 offence"),
            # verbs of having or using a weapon on the person, by family
            r(
                "swing|swung|lunge|lunged|jab|jabbed|slash|slashed|stab|stabbed|hit|struck|"
                "attack|attacked|threaten|threatened|chase|chased ~3 @WEAPON",
                "act",
            ),
            r(
                "swing|swung|lunge|lunged|jab|jabbed|slash|slashed|come|came|run|ran|go|went "
                "~2 at ~3 with ~3 @WEAPON",
                "act",
            ),
            r("=strapped|tooled ~2 up", "in-quote"),
            r("=goes|go|going|went|walks|walking|out ~2 =strapped|tooled"),
            r("@WEAPON ~3 tucked|stuffed|hidden|concealed|sticking ~3 in|into|under|out"),
            r(
                "carry|carrying|carried|carries ~2 it|one|them ~4 in|on|to|around|at ~3 "
                "@CONTAINER|@PLACE|school|him|her",
                "needs:WEAPON",
            ),
            r("show|showed|shown|flash|flashed ~3 the? ~2 handle|blade|hilt|barrel"),
            r("=pulled|pulls|pull|took|takes|take ~2 out ~3 @WEAPON"),
            r("@WEAPON ~3 on ~2 him|her|them ~3 at ~2 the? ~2 time"),
            r("=used|using|use ~2 @WEAPON ~3 to|on|against", "act"),
            r("=is|was|been|he's|she's|be ~1 =carrying|strapped", "at-end"),
            r("bring|brought|bringing|take|took ~3 @WEAPON ~2 onto|on ~1 site|premises", "act"),
            r("without ~2 my|his|her ~1 @WEAPON|tool|shank|blade|strap", "in-quote"),
            r(
                "=has|have|had|keeps|keep|kept ~2 them|it|one ~2 on ~1 him|her|me",
                "needs:WEAPON",
            ),
            r("=keeps|keep|kept|carries ~1 on ~1 him|her|me", "needs:WEAPON"),
            r("seen|spotted|filmed|photographed ~2 with ~3 @WEAPON", "object"),
            r("@WEAPON ~4 fell|dropped|fall|falls ~2 from|out ~3 his|her ~2 @CONTAINER"),
        ),
    ),
    # weapon_acquisition. Holds: "bought, ordered, obtained, stockpiled or tried to obtain a
    # weapon". Not: "a relative lawfully owns one; nothing was obtained or sought".
    Code(
        "weapon_acquisition",
        (
            r("get|got|gotten hold ~2 of ~2 a ~1 =nine|strap|burner|piece|shooter|shank"),
            r(
                "=one|it ~6 recover|recovered|find|found|seize|seized ~4 bedroom|room|home|house|"
                "wardrobe|address|loft|shed",
                "needs:WEAPON",
            ),
            r(
                "=bought|ordered|purchased ~2 =two|one|some|them|it|both|several ~3 "
                "from|online|off",
                "needs:WEAPON",
            ),
            r("spend|spent|spends|spending ~6 on ~3 @WEAPON"),
            r("print|printed|printing|printer ~3 @WEAPON|firearm|components"),
            r("search|searched ~6 @HOME ~6 find|recover|locate|seize|discover|reveal ~4 @WEAPON"),
            r(
                "sort|get|find ~2 him|me|us ~2 a ~2 =shooter|strap|piece|burner|gun|blade|knife",
                "nohyp",
            ),
            r("ask|asked|asking ~6 buy|get|obtain|sell|sort ~4 @WEAPON|shooter", "nohyp"),
            r("refuse|refused ~4 sale|sell|buy|licence|purchase", "needs:WEAPON"),
            r(
                "buy|purchase|order|obtain|acquire|source|steal|make|build|import|collect "
                "~4 @WEAPON"
            ),
            r("get|got hold of ~3 @WEAPON"),
            r("try|attempt|tried|attempted ~2 to ~2 get ~3 @WEAPON"),
            r("how|where ~2 to ~2 buy|make|get|obtain|build ~4 @WEAPON"),
            r("ask|asked ~5 where|how ~3 buy|get|obtain|make ~3 @WEAPON", "quoted"),
            r(
                "@WEAPON ~6 find|discover|recover|seize|locate ~4 bedroom|room|home|house|"
                "wardrobe|drawer|loft|shed|garage|bed|under|mattress|address"
            ),
            r(
                "find|discover|recover|seize|locate ~4 @WEAPON ~5 bedroom|room|home|house|"
                "wardrobe|drawer|loft|shed|garage|bed|mattress|address"
            ),
            r(
                "stockpile|stockpiling|stockpiled|hoard|hoarding|collection|cache|arsenal ~3 "
                "of? ~3 @WEAPON"
            ),
            r("@WEAPON ~2 collection|stockpile|cache|arsenal"),
            r(
                "keep|keeps|kept|hide|hid|hidden|store|stored ~3 @WEAPON ~4 in|under|at ~3 "
                "bedroom|room|home|house|wardrobe|drawer|bed|mattress|loft|shed|garage"
            ),
            r("own|owns|owned ~3 @WEAPON"),
            r("@WEAPON ~4 deliver|delivered|arrive|arrived|parcel|package|ordered|bought"),
            r("parcel|package|order ~4 contain|containing|with ~3 @WEAPON"),
            r("3d ~2 print ~3 @WEAPON|gun"),
            r("=bought|ordered|purchased ~4 online ~3 @WEAPON"),
            r("sort|sorted|sorting ~2 =a|himself|herself|out ~2 @WEAPON"),
            r(
                "order|ordered|checkout|purchase|delivery ~6 to ~2 his|her|their|the ~2 home|"
                "address|house",
                "needs:WEAPON",
            ),
            r(
                "find|found|discover|discovered ~3 box|bag|tin|case|stash|holdall ~6 "
                "with|containing|of ~3 @WEAPON"
            ),
            r(
                "receipt|receipts|invoice|order ~6 his|her|their ~2 name|email|account",
                "needs:WEAPON",
            ),
            r(
                "offer|offered|offering|pay|paid ~4 for ~3 @WEAPON",
            ),
            r("=collects|collecting|collected|collection ~3 @WEAPON|them", "needs:WEAPON"),
            r("steal|stole|stolen|shoplift|shoplifted|pinch|pinched|nick|nicked ~4 @WEAPON"),
            r("@WEAPON ~3 from ~2 the ~2 aisle|shelf|shelves|display", "act"),
            r(
                "paid|pay|bought ~3 man|someone|seller|lad|bloke ~4 off|on|via|through ~2 "
                "facebook|marketplace|@ONLINE",
                "needs:WEAPON",
            ),
            r("collected|collect ~2 it|them ~1 =himself|herself", "needs:WEAPON"),
            r(
                "try|trying|tried|looking ~2 to? ~2 get|buy ~2 a ~1 =strap|nine|burner|piece|"
                "shooter|gat|shotty|blade|shank|ting"
            ),
            r("=purchased|bought|paid ~3 for? ~3 from ~2 his|her ~1 account", "needs:WEAPON"),
            r("=marked|shows|showed|show ~2 purchased|bought|paid", "needs:WEAPON"),
            r(
                "loft|bedroom|wardrobe|garage|shed|drawer|attic ~3 @WEAPON",
                "needs:SEARCHCTX",
            ),
            r("order ~2 confirmation|confirmations|receipt|receipts", "needs:WEAPON"),
        ),
    ),
    # stated_intent_to_harm. Holds: "said or wrote that they want, plan or will harm others,
    # including a conditional in their own words". Not: "thoughts they reject, harm to
    # themselves".
    Code(
        "stated_intent_to_harm",
        (
            r(
                "=he|she|i|they|we ~2 will|would|'ll|'d|going|gonna|planned|plans|intends ~6 "
                "@HARM ~3 him|her|them|you|everyone|everybody|the|people|staff|teachers|pupils|"
                "someone|anyone|his|her|their|my",
                "reflexive",
                "quoted",
                "needs:SAYCTX",
            ),
            r("do ~2 the ~1 same ~2 to|here", "in-quote", "needs:ATTACKREF"),
            r(
                "=you|your|you're ~3 getting|get|gonna|going|will|'ll ~2 to? ~2 =shanked|stabbed|"
                "shot|hurt|killed|battered|merked|cut",
                "quoted",
                "in-quote",
            ),
            r("set ~2 it|bomb|them ~2 off", "in-quote"),
            r("want|wish|plan|intend|mean|desire|wanna|like ~3 to ~2 @HARM", "reflexive"),
            r("=wanna|gonna ~2 @HARM", "reflexive", "quoted"),
            r("=going|gon to|na ~2 @HARM", "reflexive", "quoted"),
            r(
                "=will|'ll|would|'d ~2 @HARM ~3 him|her|them|you|everyone|everybody|people|"
                "@PEERS|teacher|teachers|school|all|someone|somebody|anyone",
                "reflexive",
                "quoted",
            ),
            r(
                "intention|intent|plan|plans|wish|desire|urge|urges|fantasy|fantasies ~3 "
                "to|of|about ~2 @HARM",
                "reflexive",
            ),
            r("kill|hit|death|target list"),
            r("=shoot|shooting|shoots up ~3 school|college|@PLACE|the", "reflexive"),
            r("do a|another ~2 columbine|christchurch|massacre|shooting"),
            r(
                "want|wants|wanted|wish|wished ~2 =them|him|her|everyone|everybody|people|all|you "
                "~2 dead|die",
                "reflexive",
            ),
            r("=i|i'm|we|we're|i'll|we'll ~10 @HARM", "reflexive", "quoted", "in-quote"),
            r(
                "going|gonna|plan|plans|planning|want|wants|wanted|will|'ll|would|'d ~3 to? ~2 use "
                "~3 on|against",
                "quoted",
            ),
            r(
                "daydream|daydreams|daydreaming|fantasise|fantasises|fantasize|fantasizes|dream|"
                "dreams|think|thinks|thinking ~2 about|of ~2 =hurting|killing|stabbing|shooting|"
                "attacking|murdering|harming",
                "reflexive",
            ),
            r(
                "want|wants|wanted|going|gonna|will|'ll|plan|plans ~4 sort ~2 "
                "him|her|them|you ~3 out"
            ),
            r("put ~3 him|her|them|you|someone ~2 in ~2 hospital|the ground|a coffin"),
            r("=light ~2 up ~3 him|her|them|his|her|the"),
            r("revenge ~4 @HARM"),
            r("make ~2 him|her|them|you|someone|everyone|people ~2 =suffer|bleed|pay|sorry|regret"),
            r("=put ~3 in ~2 hospital|a coffin|the ground|a wheelchair"),
            r("break|smash|snap ~2 his|her|their|your ~2 nose|jaw|legs|neck|face|arm|arms|skull"),
            r("=ill|ima|imma|im ~3 @HARM|do|get", "reflexive", "quoted", "in-quote"),
            r("='ll|will|gonna ~1 do ~2 him|her|them|you", "quoted", "in-quote"),
            r("take ~2 the|a|my ~2 @WEAPON ~2 to", "quoted", "in-quote"),
            r(
                "=list|hitlist|hit-list ~6 people|names|pupils|students|teachers|staff ~6 "
                "want|wants|going|kill|hurt|@HARM"
            ),
            r(
                "swore|swear|vowed|vow|promised|promise ~4 to|he|she|i|that ~4 @HARM",
                "reflexive",
                "quoted",
            ),
            r(
                "talk|talks|talked|talking|spoke|described|describing|describes ~4 about? ~3 "
                "how ~2 he|she|i ~2 would|'d|will|'ll|wants|want ~3 @HARM",
                "reflexive",
                "quoted",
            ),
            r(
                "think|thinks|thought|thinking ~2 about ~3 @HARM ~6 =which|who",
                "reflexive",
            ),
            r("go|going ~2 for ~2 first", "in-quote"),
            r("take ~2 a ~1 few|some|lots|them|people ~2 with ~1 me|him|her", "in-quote"),
            r("threaten|threatened|threatening|threatens ~3 to ~3 @HARM", "active", "reflexive"),
            r(
                "want|wants|wanted|going|gonna|will|'ll ~3 to? ~1 make ~7 =suffer|bleed|pay|regret",
            ),
            r("=cut|stab|shank|hurt|batter|kill|shoot ~1 him|her|them ~2 if", "in-quote"),
            r("=i'll|ill|i ~2 will? ~1 use ~1 it|them|this", "in-quote", "needs:WEAPON", "quoted"),
            r("finish ~2 what ~2 he|they ~1 started", "in-quote"),
            r("do|doing ~1 him|her|them|you ~1 in", "in-quote"),
            r("kill|shoot|stab|hurt ~1 as ~1 many", "reflexive"),
            r(
                "said|say|tell|told|write|wrote|post|posted|state|stated ~4 he|she|they|i "
                "~2 will|would|'ll|'d|could|going|gon|was|is ~3 @HARM",
                "reflexive",
                "quoted",
            ),
        ),
    ),
    # mass_casualty_research. Holds: "looked up, watched or read about mass-casualty attacks
    # on their own initiative". Not: "it was set work for a lesson or project".
    Code(
        "mass_casualty_research",
        (
            r("look|looking|looked|looks ~1 up|at|into|through ~10 @MASS", "not-with:ATTACKMEDIA"),
            r("read|reading|reads ~2 about|up|on|everything ~8 @MASS", "not-with:ATTACKMEDIA"),
            r(
                "@RESEARCH ~10 @MASS",
                "not-with:ATTACKMEDIA",
                "nx:of|news",
                "not-after:news",
                "in-clause",
            ),
            r(
                "@MASS ~4 footage|video|videos|documentary|documentaries",
                "not-with:ATTACKMEDIA",
                "in-clause",
            ),
            r(
                "@MASS ~4 footage|video|videos|documentary|documentaries|"
                "clip|clips|website|websites|wiki|article|articles|images|photos|pictures",
                "not-with:ATTACKMEDIA",
                "in-clause",
            ),
            r("research|researching|researched|interest|interested ~3 in|into|on ~3 @MASS"),
            r(
                "collect|collects|collected|collecting|compile|compiles|keeps ~3 @ATTACKER|"
                "@ATTACKNAME|shooting|shootings ~2 timelines|timeline|facts|details|"
                "profiles|biographies|statistics|stats"
            ),
            r("floor ~2 plans|plan|layout", "needs:ATTACKREF"),
            r("kill ~1 counts|count|tallies|tally"),
            r(
                "database|spreadsheet|scrapbook|folder|archive|list ~3 of ~3 attacks|shootings|"
                "massacres|bombings|mass-casualty",
            ),
            r("death ~1 tolls|toll ~3 @MASS", "in-clause"),
        ),
    ),
    # attack_approval. Holds: "praised, celebrated or justified an attack or attacker". Not:
    # "they condemned it, or someone else praised it".
    Code(
        "attack_approval",
        (
            r("did|done|do ~2 nothing ~2 wrong", "needs:ATTACKREF"),
            r(
                "describe|described|describes|call|called|calls|refer|referred ~3 @ATTACKER|"
                "@MASS ~3 as ~2 =heroes|hero|martyrs|martyr|legends|legend|saints|saint|brave|"
                "soldiers|icons|icon|inspiration|inspirational"
            ),
            r("had ~2 it ~2 coming", "in-quote"),
            r("about time", "in-quote", "needs:ATTACKREF"),
            r("made|make|makes ~2 his|their|a ~1 point", "in-quote", "needs:ATTACKREF"),
            r("did|do|does|done ~2 his|their ~1 bit", "in-quote", "needs:ATTACKREF"),
            r(
                "=medal|medals|legends|legend|genius|martyr|martyrs|hero|heroes|paradise|soldiers",
                "in-quote",
                "needs:ATTACKREF",
            ),
            r("should ~2 have ~3 killed|got|taken|shot|done ~2 more"),
            r(
                "respect|respects|respected|admire|admires|admired|praise|praised ~5 @ATTACKER|"
                "@MASS|gunman|bomber"
            ),
            r(
                "=paradise|martyr|martyrs|genius|legend|hero|heroes|inspiration|saint",
                "in-quote",
                "needs:MASS",
                "not-after:next",
            ),
            r("got|get ~2 what ~2 they|he|she ~2 deserved|deserve"),
            r("right idea", "needs:ATTACKREF"),
            r("@ATTACKER|@MASS ~3 be|was|were|is ~2 a? ~2 =genius|right|martyr|hero|legend"),
            r(
                "glorify|glorifies|glorifying|glorified|celebrate|celebrates|celebrating ~5 "
                "@ATTACKER|@MASS|attack|attacks|shooters"
            ),
            r(
                "praise|celebrate|glorify|glorified|justify|admire|applaud|cheer|idolise|"
                "idolize|idolised|worship|defend|support|endorse|laud|hail ~6 @MASS|@ATTACKER"
            ),
            r(
                "@MASS|@ATTACKER ~5 be|was|were|is|are ~2 a? ~2 hero|heroes|legend|legends|"
                "right|justified|deserved|good|great|brave|saint|saints|king|based|icon|god|"
                "amazing|cool|inspiration|inspiring|funny"
            ),
            r("=deserved|deserve|deserves ~1 it|death", "needs:ATTACKREF"),
            r("=deserved|deserve|deserves ~1 to ~1 die", "needs:ATTACKREF"),
            r("=deserved|deserve|deserves ~1 what ~1 they|he|she ~1 got", "needs:ATTACKREF"),
            r(
                "laugh|laughed|laughing|joke|joked|joking|happy|glad|pleased ~4 about|at|that "
                "~5 @MASS|@ATTACKER|victims|deaths|killed"
            ),
            r(
                "hero|heroes|legend|legends|saint|saints|icon ~3 for|of ~3 killing|shooting|"
                "bombing|attack|attacking"
            ),
            r("high score|scores"),
            r(
                "=brave|heroic|proud|deserved|justified|right|legend|based|queen|icon|king|goat",
                "in-quote",
                "needs:ATTACKREF",
                "not-after:next|the",
            ),
            r("proud ~2 of ~3 them|him|her|@ATTACKER", "needs:ATTACKREF"),
            r("brought ~2 it ~2 on", "needs:ATTACKREF"),
            r("good ~2 more ~2 of", "in-quote", "needs:ATTACKREF"),
            r("what ~2 they|he|she ~1 =get|got|deserve|deserved", "in-quote", "needs:ATTACKREF"),
            r("did ~2 what ~3 needed|had|has ~2 to? ~2 =doing|done|be", "needs:ATTACKREF"),
            r(
                "support|supports|supported|agree|agrees|agreed|side|sided ~3 with ~3 @ATTACKER|"
                "what ~2 he|they ~2 did",
                "needs:ATTACKREF",
            ),
            r("=wish|wished ~3 more ~3 died|dead|killed", "needs:ATTACKREF"),
            r("=had|has ~1 a ~1 point", "in-quote", "needs:ATTACKREF"),
            r("collateral", "in-quote", "needs:ATTACKREF"),
            r(
                "=respect|salute|rip|rest ~2 to|easy|in ~2 the|him|king|peace",
                "in-quote",
                "needs:ATTACKREF",
            ),
            r("shame ~3 =didn't|did|not|n't ~2 go|work|kill", "in-quote"),
            r("did|done ~2 the ~1 right ~1 thing", "needs:ATTACKREF"),
            r("did|do|does ~2 the ~1 world ~1 a ~1 favour|favor", "needs:ATTACKREF"),
            r("should ~2 do|kill ~1 more", "in-quote", "needs:ATTACKREF"),
            r("=were|are ~1 scum|vermin|deserved", "in-quote", "needs:ATTACKREF"),
            r("=true ~1 patriot|hero|soldier", "in-quote", "needs:ATTACKREF"),
        ),
    ),
    # identification_with_attackers. Holds: "casts themselves as, or emulates, an attacker".
    # Not: "others call them names".
    Code(
        "identification_with_attackers",
        (
            r(
                "wear|wears|wearing|wore ~4 same ~4 clothes|style|outfit|coat|clothing|boots",
                "needs:ATTACKREF",
            ),
            r("=copy|copying ~2 them|him", "needs:ATTACKREF", "nx:of"),
            r("@ATTACKNAME ~1 =2|2.0|ii|two|again"),
            r("see|sees|saw|seeing ~4 =himself|herself|myself ~3 in ~2 him|them|@ATTACKER"),
            r(
                "name|names|tag|gamertag|username|avatar|handle ~10 @ATTACKER|@MASS|killings|"
                "killer|gunman|shooter's|attacker's|killer's|gunman's"
            ),
            r("@ATTACKER|shooter's|attacker's|killer's|gunman's|name ~4 =2.0"),
            r(
                "=copy|copying|copied|emulate|emulating|emulated|imitate|imitating|imitated|"
                "recreate|recreating ~4 them|him|the|their|@ATTACKER",
                "needs:MASS",
                "nx:of",
            ),
            r("dressed|dress|dresses|dressing ~3 as|like ~4 @ATTACKER|@MASS|shooters|gunman"),
            r("supreme gentleman"),
            r(
                "call|calls|called|describe|describes|refer|refers|see|sees|consider|cast|"
                "compare|compares|identify|identifies|style|styled|liken ~2 @SELF ~5 "
                "@ATTACKER|@MASS|shooter|killer"
            ),
            r("identify|identifies|identified|relate|relates|related ~3 with|to ~4 @ATTACKER"),
            r("want|wants|wanted|like ~3 to be ~3 like|the|a ~3 @ATTACKER|@MASS"),
            r("the next ~2 @ATTACKER|@MASS|massacre", "not-called"),
            r(
                "=emulate|emulating|emulated|copy|copying|copied|imitate|imitating|imitated|"
                "mimic|mimicking|recreate|recreating|re-enact|reenact ~5 @ATTACKER|@MASS",
                "nx:of",
            ),
            r("dress|dressed|dresses|dressing ~3 as|like ~4 @ATTACKER|@MASS"),
            r(
                "username|profile|avatar|handle|alias|nickname|screen ~5 @ATTACKER|@MASS",
                "not-called",
            ),
            r("=i|i'm am|'m ~2 @ATTACKER|the next", "not-called"),
            r("=nbk|reb|vodka"),
            r("shrine ~3 to ~3 @ATTACKER|@MASS"),
            r("trench coat ~5 like|as ~3 @ATTACKER|@MASS"),
            r("like ~2 =they|he|him|them ~1 did", "needs:ATTACKREF"),
            r("same ~2 as ~2 him|them|@ATTACKER", "needs:ATTACKREF"),
            r("same ~2 way ~3 the? ~2 @ATTACKER ~2 did", "needs:ATTACKREF"),
            r("=is|am|'m|i'm ~2 like ~3 the? ~3 @ATTACKER", "needs:ATTACKREF"),
            r("@ATTACKER ~3 is|was ~2 basically|literally|just ~2 me", "needs:ATTACKREF"),
            r(
                "copy|copied|copies|copying ~2 his|their ~2 haircut|hair|look|style|clothes|"
                "outfit|initials|signature|name",
                "needs:ATTACKREF",
            ),
            r("=next ~2 @ATTACKNAME", "not-called"),
            r(
                "profile ~2 picture|pic|photo|image ~6 @ATTACKER|@ATTACKNAME|shooters",
            ),
            r("=initials ~3 of? ~2 @ATTACKER", "needs:ATTACKREF"),
            r("date ~3 of ~2 that|the ~2 attack|shooting|massacre", "needs:ATTACKREF"),
            r(
                "adopt|adopts|adopted|copies|copy|copied ~3 the? ~1 dress|style|clothing|look|"
                "mannerisms|speech|pose ~4 of ~3 @ATTACKER|@ATTACKNAME"
            ),
            r("feel|feels|felt ~2 exactly? ~1 like ~3 the ~3 @ATTACKER"),
            r("remember|remembered ~2 like|as ~2 him|them|@ATTACKER", "needs:ATTACKREF"),
            r("=next ~2 is|will ~1 be? ~1 me", "in-quote", "needs:ATTACKREF"),
            r("=he|she ~1 is|'s ~1 me", "in-quote", "needs:ATTACKREF"),
            r(
                "introduce|introduces|introduced|sign|signs|signed|signing ~6 "
                "@ATTACKER|@ATTACKNAME|attacker's|shooter's|gunman's|killer's",
            ),
            r(
                "own ~1 face|photo|photograph|picture|head|name ~5 on|onto|pasted|stuck|edited|"
                "under|labelled",
                "needs:ATTACKREF",
            ),
            r("call|calls|called ~2 @SELF ~2 the ~1 next", "needs:ATTACKREF"),
            r("model|modelled|modeled|based ~3 on ~3 @ATTACKER|@ATTACKNAME"),
            r(
                "=copying|copied|copy ~2 his|her ~1 videos|posts|look|style|words",
                "needs:ATTACKREF",
            ),
            r("=i'm|im|i ~1 am? ~1 like|one ~2 of? ~1 them|him", "in-quote", "needs:ATTACKREF"),
            r("relate|relates|related ~2 to ~3 the? ~2 @ATTACKER|@ATTACKNAME"),
            r("living ~2 his|their ~1 life"),
            r("=the next|the next one", "in-quote", "needs:ATTACKREF", "not-called"),
        ),
    ),
    # threat_made. Holds: "communicated a threat to harm a person, place or the public". Not:
    # "they were threatened; threats to themselves".
    Code(
        "threat_made",
        (
            r(
                "post|posted|posting|posts|tweet|tweeted|sent|send|message|messaged|"
                "text|texted|email|emailed ~10 would|will|'ll|going|gonna ~3 @HARM|shoot|bomb",
                "reflexive",
            ),
            r("=there's|there ~2 is|'s? ~1 a ~1 bomb", "in-quote"),
            r(
                "tell|told|say|said|warn|warned ~4 =he|she|they|i ~10 would|will|'ll|'d|going|gon "
                "~3 @HARM ~2 him|her|them|you",
                "reflexive",
                "quoted",
            ),
            r("threat|threats ~2 from ~5 subj|subject|s1|him|her"),
            r("=i know where ~2 you|your ~2 live|kids|children|family|go"),
            r(
                "=you|your|you're ~3 getting|get|gonna|going|will|'ll ~2 to? ~2 =shanked|stabbed|"
                "shot|hurt|killed|battered|merked|done|cut",
                "quoted",
                "in-quote",
            ),
            r("=sign|placard|placards|graffiti|banner ~6 @MASS", "needs:PLACE"),
            r(
                "=i|i'm|we|we're|i'll|we'll ~10 @HARM ~4 =you|your|you're|everyone|all|everybody",
                "reflexive",
                "quoted",
                "in-quote",
            ),
            r(
                "=i|i'm|we|we're|i'll|we'll ~10 @HARM",
                "reflexive",
                "quoted",
                "in-quote",
                "needs:THREATCTX",
            ),
            r(
                "=you|your|you're|you'll ~4 =dead|die|burn|pay|regret|next|sorry|back",
                "quoted",
                "in-quote",
            ),
            r(
                "hold|held|holding|point|pointed|pointing|wave|waved|waving|brandish|brandished "
                "~3 @WEAPON ~4 at|near|to|towards|against"
            ),
            r("arrest|arrested|charge|charged ~8 threats|threat"),
            r("threaten|threatened|threatening|threatens ~3 to ~3 @HARM", "active", "reflexive"),
            r("threaten|threatened|threatens ~4 with ~3 @WEAPON|violence|death|knife", "active"),
            r(
                "threaten|threatened|threatens ~2 @PEERS|teacher|staff|him|her|them|ip|"
                "people|school|member",
                "active",
                "reflexive",
            ),
            r(
                "make|made|making|send|sent|sending|issue|issued|post|posted ~3 threat|threats",
                "active",
            ),
            r(
                "=threatening message|messages|comment|comments|remarks|language|behaviour|"
                "behavior|note|notes|post|posts|text|texts|email|emails|letter|call|calls|"
                "manner|gesture|gestures|statement|statements",
                "active",
            ),
            r("death threat|threats"),
            r(
                "shout|shouted|shouting|scream|screamed|yell|yelled ~6 he|she|they|i ~2 "
                "would|will|'ll|'d|going ~3 @HARM",
                "reflexive",
            ),
            r(
                "=you|your|ur|u|yours|you're|youre|you'll ~8 @HARM",
                "in-quote",
                "needs:THREATCTX",
                "reflexive",
            ),
            r(
                "@HARM|break|smash|snap ~6 =you|your|ur|u|yours",
                "in-quote",
                "needs:THREATCTX",
                "reflexive",
            ),
            r("=you'll|you|u ~2 get ~2 what's|whats|what ~1 coming"),
            r("watch ~1 your|ur ~1 back|car|house|kids", "in-quote"),
            r("=there's|there ~2 is|'s? ~1 a ~1 device|bomb", "in-quote"),
            r(
                "=bomb|bombs|shoot|kill|stab|burn|blow|shank",
                "in-quote",
                "needs:THREATCTX",
                "reflexive",
            ),
            r(
                "=you|your|ur|u|all|everyone|everybody|y'all|yall ~4 =die|dead|burn",
                "in-quote",
                "needs:THREATCTX",
            ),
            r("=ur|u|youre|yer ~2 =dead|next|done|getting|gonna|going", "in-quote"),
            r(
                "@THREATCTX|graffiti|note|bio|caption|captioned|reading|read|saying|stating "
                "~6 =die|dead|bomb|burn|shoot|kill|stab|blow",
                "in-quote",
            ),
            r("bomb ~2 in ~3 the|your|this ~2 building|school|class|hall|office|library"),
            r(
                "=image|picture|photo|photos|pictures|video ~3 of ~3 @WEAPON ~8 caption|captioned|"
                "saying|with|to|teacher|sir|miss"
            ),
            r(
                "told|tell|tells|warned|warn|shouted|posted|wrote|texted ~2 the ~2 whole|class|"
                "group|everyone|school ~6 would|will|'ll|going|gonna ~2 @HARM",
                "reflexive",
            ),
            r(
                "post|posted|posts|wrote|write|tweet|tweeted ~8 =ill|i'll|im|imma|gonna|will|'ll "
                "~3 "
                "@HARM|shoot",
                "reflexive",
                "quoted",
            ),
            r("threat ~2 to ~2 @HARM|blow|bomb|shoot", "reflexive"),
            # Said to the one threatened ("I'll stab you"); of others ("I'll stab one of
            # them", told to an officer) it is intent, a threat only when sent, posted or
            # shouted at them (README: intent confided to a third party is not a threat).
            r(
                "=i'll|i'd|i ~2 will|'ll|'m|am|gonna|going|gon ~2 to? ~2 @HARM ~2 you|your|"
                "everyone|all|this|that",
                "reflexive",
                "quoted",
            ),
            r(
                "=i'll|i'd|i ~2 will|'ll|'m|am|gonna|going|gon ~2 to? ~2 @HARM ~2 "
                "him|her|them|people|the",
                "reflexive",
                "quoted",
                "needs:THREATCTX",
            ),
            r("=you|you're|your ~2 're|are|be|will|gonna ~2 dead|next|die", "quoted"),
            r(
                "tell|told|say|said ~3 @PEERS|teacher|staff|him|her|them|ip|member|a|the ~4 "
                "he|she|they|i ~2 would|will|'ll|'d|going|gon|was ~3 @HARM",
                "reflexive",
                "quoted",
            ),
        ),
    ),
    # violence_history. Holds: "used violence (assault, fights, robbery, affray), at any
    # time". Not: "they were the victim, or merely present".
    Code(
        "violence_history",
        (
            r(
                "break|broke|broken|fracture|fractured ~4 =nose|jaw|arm|ribs|cheekbone|teeth|"
                "finger|wrist|eye-socket",
                "active",
                "act",
            ),
            r(
                "assault|assaulted|punch|hit|kick|headbutt|headbutted|stab|attack|"
                "beat|slap|strangle|throttle|bite|batter|rob|mug|glass|stamp|strike|choke|elbow|"
                "shove|push|injure|hurt|wound|scratch|scratching|biting a|an|another|the|his|her|"
                "their? ~1 ip|him|them|"
                "@PEERS|teacher|staff|mum|mother|dad|father|brother|sister|victim|member|"
                "officer|officers|police|male|female|man|woman|someone|somebody|people|ta|"
                "stepdad|stepfather|partner|girlfriend|boyfriend|neighbour|youth|pupil|parents|"
                "parent|employer|boss|manager|colleague|ex-partner|wife|husband|sibling|"
                "siblings|nan|gran",
                "active",
                "act",
            ),
            r(
                "arrest|arrested|charge|charged|convict|convicted|caution|cautioned|reprimand|"
                "sentence|sentenced|warning|referral|order ~3 for|with|of ~3 assault|affray|"
                "robbery|abh|gbh|wounding|battery|violence|violent|attack|attacking|fighting|"
                "stabbing|manslaughter|murder|section|s.18|s.20|s.47|s18|s20|s47|grievous|"
                "actual|common"
            ),
            r(
                "assault|assaults|attack|attacks ~1 on|against ~1 a|an|another|the|his|her? ~1 ip|"
                "@PEERS|teacher|staff|member|mum|mother|dad|father|brother|sister|officer|boy|girl"
            ),
            r(
                "throw|throwing|threw|thrown|hurl|hurled ~4 at ~2 a|an|the|his|her|another? ~1 "
                "@PEERS|teacher|staff|ta|ip|member|mum|dad|mother|father|brother|sister|officer|"
                "him|her|them|someone",
                "act",
            ),
            r(
                "history|record|pattern|incidents|incident|episodes|episode ~2 of ~3 violence|"
                "violent|assault|assaults|aggression|fighting|fights"
            ),
            r(
                "violent|aggressive|physically ~2 towards|toward|to|against ~3 a|an|"
                "another|other|the|his|her|@PEERS|teacher|staff|mum|mother|dad|father|"
                "brother|sister|people|others"
            ),
            r(
                "violent|physical|physically ~2 incident|incidents|outburst|outbursts|"
                "behaviour|behavior|assault|altercation|altercations|aggression|aggressive|"
                "attack"
            ),
            r(
                "involved|involve|get|got|start|started|getting|instigate|instigated|engage|"
                "engaged ~2 in|into ~3 fight|fights|fighting|altercation|altercations|scuffle|"
                "brawl|brawls|affray"
            ),
            r(
                "fight|fights|fought|fighting ~3 with ~3 @PEERS|another|other|a|school|"
                "@PLACE|teacher|staff"
            ),
            r("=fights|fighting ~3 at|in ~2 school|college|@PLACE"),
            r("=affray|robbery|robberies|abh|gbh|wounding|mugging|muggings"),
            r("lash|lashed|lashes ~2 out ~2 at"),
            r(
                "exclude|excluded|suspend|suspended|exclusion|suspension|expel|expelled|sent|"
                "arrest|arrested ~8 for|after ~3 fight|fighting|assault|assaulting|violence|"
                "hitting|punching|attacking|kicking|headbutting|stabbing|affray"
            ),
            r("set fire ~2 to|on ~2 a|another|@PEERS|person|someone"),
            r("@VIOLENT ~1 one ~1 of ~1 them|the", "active", "act"),
            r(
                "swing|swung|lunge|lunged|slash|slashed|jab|jabbed ~4 at ~2 ip|a|the|another|"
                "@PEERS|him|her|them|victim|male|man|staff|teacher",
                "active",
                "act",
            ),
            r(
                "stab|stabbed|shot|shoot ~2 a|another|someone|somebody|@PEERS|man|male|boy|"
                "victim|ip",
                "active",
                "act",
            ),
        ),
        blockers=_words(
            "witness witnessed witnessing bystander water pillow snowball play-fight "
            "play-fighting fifa game"
        ),
    ),
    # fixation_on_violence. Holds: "shows a persistent preoccupation with violence, gore or
    # killing". Not: "a single interest or lesson; ordinary military or historical interest".
    Code(
        "fixation_on_violence",
        (
            r(
                "murder|true-crime|killing|killings|death|gore|violent ~2 "
                "video|videos|footage|clips"
            ),
            r(
                "talk|talks|talking|talked|speak|speaks ~6 about ~3 stabbings|stabbing|shootings|"
                "murder|murders|killings|killing|death|weapons|knives|guns|torture"
            ),
            r("how ~2 long ~3 bleed|die|death"),
            r(
                "draw|draws|drawing|drew|drawings|sketch|sketches|sketchbook|sketchbooks|scenes "
                "~4 @MASS|shootings|killings|weapons|guns|knives|blood|gore|dead|bodies|murders"
            ),
            r("torture|gore|killings|murders|executions|deaths ~3 in ~2 graphic|detail"),
            r("brought|brings|bring ~3 every|all ~2 conversation|conversations ~3 to|back"),
            r(
                "video|videos|footage|clips ~3 of ~3 people|someone ~2 being ~2 stabbed|killed|"
                "shot|beaten|tortured|murdered|executed"
            ),
            r("video|videos|footage ~2 of ~2 real ~1 deaths|killings|murders"),
            r(
                "talk|talks|talking|tell|tells|telling ~6 about|detail ~3 murders|killings|"
                "torture|what ~3 knife|gun ~2 would ~2 do"
            ),
            r(
                "fixate|fixated|fixation|fixations|obsess|obsessed|obsession|obsessions|"
                "preoccupied|preoccupation|fascinate|fascinated|fascination|infatuated|"
                "infatuation|enthralled ~4 with|on|in|by|about ~5 violence|violent|gore|gory|"
                "killing|killings|kill|murder|murders|murderer|murderers|death|weapon|weapons|"
                "knife|knives|gun|guns|serial|massacre|massacres|shooting|shootings|@MASS|"
                "torture|beheading|beheadings|blood|war|bomb|bombs|explosives|dead|bodies|"
                "execution|executions|genocide|@ATTACKER|school|mass"
            ),
            r(
                "gore|gory|graphic|violent|snuff|torture ~2 video|videos|content|images|pictures|"
                "footage|clips|material|drawings|stories|fantasies|fantasy"
            ),
            r(
                "draw|draws|drew|drawing|drawings|write|writes|wrote|writing|story|stories|"
                "picture|pictures|sketch|sketches|doodle|doodles ~5 of|about|depicting|showing"
                " ~4 kill|killing|killed|death|dead|blood|bloody|violence|violent|gore|gun|"
                "guns|shooting|shootings|stab|stabbing|stabbed|murder|murdered|weapon|weapons|"
                "bomb|bombs|massacre|massacres|decapitated|corpses|bodies|torture|explosion"
            ),
            r(
                "constantly|repeatedly|always|continually|persistently|frequently|keep|keeps|"
                "daily|nightly|obsessively|endlessly|"
                "kept|often|regularly|incessantly ~4 talk|talks|talking|talked|speak|speaks|"
                "draw|draws|search|searches|watch|watches|mention|mentions|discuss|discusses|"
                "raise|raises|return|returns|ask|asks|write|writes|think|thinks ~4 about? ~4 "
                "violence|violent|kill|killing|killings|murder|weapon|weapons|knife|knives|"
                "gun|guns|shooting|shootings|massacre|massacres|death|gore|blood|bomb|bombs|"
                "@MASS|stab|stabbing|torture|war"
            ),
            r(
                "enjoy|enjoys|enjoyed|love|loves ~3 watching|seeing|violence|gore|pain|"
                "blood|killing|hurting|torture|suffering"
            ),
            r(
                "interest|interests ~2 in ~3 violence|gore|killing|weapons|knives|guns|"
                "serial|murder|massacres|torture|death"
            ),
            r(
                "every|all|each ~2 conversation|conversations|session|sessions|drawing|"
                "drawings|story|stories|picture|pictures ~8 blood|gore|violence|killing|killings|"
                "hurting|stabbed|stabbing|dismembered|murder|murders|death|weapons|bodies|"
                "torture|killers"
            ),
            r("serial ~1 killer|killers|killings|murderer|murderers"),
            r(
                "special ~2 interest ~8 "
                "kill|killing|killings|murder|death|weapons|violence|war|gore"
            ),
            r(
                "excite|excited|exciting|excitement|thrill|thrilled|buzz ~4 blood|gore|"
                "violence|killing|killings|death|pain|hurting"
            ),
            r("gruesome|grisly|homicides|dismemberment|mutilation"),
            r("watch|watches|watching|watched ~3 gore|beheadings|executions"),
            r("@PERSIST ~8 @VIOLTOPIC", "in-clause"),
            r("@VIOLTOPIC ~6 @PERSIST", "in-clause"),
            r(
                "think|thinks|thinking ~2 about ~3 @HARM|shooting|killing ~4 every|all ~1 "
                "day|night|time"
            ),
            r(
                "filled|full ~2 with|of ~3 paintings|drawings|pictures|images|sketches ~3 of ~3 "
                "@MASS|@VIOLTOPIC"
            ),
            r("drawings|drawing|pictures|paintings|sketches ~8 of ~3 @VIOLTOPIC|shootings|dead"),
            r("watch|watching ~2 people ~1 die|dying|killed|being"),
            r(
                "@VIOLTOPIC ~3 with ~2 evident|obvious|clear|real? ~1 excitement|relish|glee|"
                "enjoyment|pleasure"
            ),
            r("sketch|sketches|sketching|draws|draw ~2 stab ~1 wounds"),
            r("little|nothing ~2 except|else|but ~3 @VIOLTOPIC|@MASS", "absence"),
            r(
                "=can't|cant|cannot ~2 stop ~2 thinking|talking ~2 about ~3 "
                "@HARM|killing|blood|death"
            ),
            r("all ~2 =i|he|she ~2 think|thinks|talk|talks ~2 about", "needs:HARM"),
            r(
                "draw|draws|drew|drawing ~3 injuries|wounds|corpses|bodies|blood|weapons|"
                "obsessively|repeatedly"
            ),
            r(
                "recite|recites|recount|recounts|describe|describes|describing ~4 "
                "detailed|detail|methods|accounts ~4 murder|murders|killing|killings|homicides|"
                "torture|violence|blood|deaths"
            ),
        ),
        state=True,
    ),
    # ideology_engagement. Holds: "voices or acts on an extremist cause or worldview". Not:
    # "study of extremism, or someone else's views".
    Code(
        "ideology_engagement",
        (
            r(
                "support|supports|supporting|supported|sympathy|sympathies|allegiance ~3 for|to|"
                "with? ~2 islamic|@IDEOLOGY|taliban|hamas|hezbollah|al-shabaab"
            ),
            r("travel|go|going|went|join|joining ~3 to? ~2 syria|iraq|afghanistan|caliphate"),
            r(
                "muslims|jews|immigrants|foreigners|traitors|lefties|liberals|migrants|refugees|"
                "asylum ~4 =are|should|must|need ~3 the? ~1 enemy|invaders|hanged|vermin|scum|"
                "traitors|executed|removed|deported|gassed|exterminated|wiped|shot|killed|"
                "destroyed"
            ),
            r("enemy within"),
            r("traitors ~8 hanged|executed|shot|hang"),
            r("@IDEOLOGY ~3 club|group|groups|organisation|movement|cell|network|chats|channels"),
            r("violent revolution|jihad|uprising|holy war"),
            r("=jihad|caliphate|invaders|infidels|kuffar|remigration|zog|13/52"),
            r("taken|take ~2 back ~2 by force"),
            r("race ~1 traitor|traitors|mixing"),
            r("right idea", "needs:ATTACKREF"),
            r(
                "@IDEOLOGY ~2 view|views|comment|comments|remark|remarks|belief|beliefs|"
                "ideology|ideologies|ideas|rhetoric|slogan|slogans|chant|chants|language|"
                "opinions|statements|narrative|narratives|sympathies|leanings|conspiracy|"
                "conspiracies|tattoo|tattoos|graffiti|salute|salutes|gesture|gestures|"
                "worldview|stance|songs|abuse|insults|slurs"
            ),
            r(
                "express|expressed|voice|voiced|espouse|espoused|hold|holds|held|share|shared|"
                "support|supports|supported|promote|promoted|spout|spouts|spouted|repeat|"
                "repeats|repeated|make|makes|made|adopt|adopted|endorse|endorsed ~4 "
                "@IDEOLOGY|extremist|racist"
            ),
            r(
                "join|joined|member|members|membership|contact|involved|involvement|recruited|"
                "recruit|attend|attended|attending|associate|associates|associating|affiliated|"
                "affiliation ~4 with|of|to|in|by? ~4 @IDEOLOGY|banned|proscribed|extremist"
            ),
            r(
                "draw|draws|drew|drawing|drawn|graffiti|sketch|sketched|etch|etched|carve|"
                "carved|wear|wears|wore|tattoo|tattooed|display|displayed ~4 swastika|"
                "swastikas|ss|nazi|sieg|isis|crescent|sonnenrad|totenkopf|symbol|symbols"
            ),
            r("sieg heil"),
            r("=nazi|hitler salute|salutes|saluting"),
            r("great replacement", "not-with:MATERIAL"),
            r("race war|wars"),
            r("white genocide|power|pride|supremacy|race"),
            r(
                "believe|believes|believed|belief|claim|claims|claimed|says|said|insist|"
                "insists|argue|argues|argued ~6 jews|muslims|immigrants|women|kuffar|"
                "replacement|zog|genocide|caliphate|jihad|invaders|race|races|islam|"
                "infidels|foreigners ~4 control|controlling|replace|replacing|should|must|"
                "deserve|destroy|invade|invading|inferior|evil|enemy|taking|run|ruin|ruining"
            ),
            r(
                "identify|identifies|identified|describe|describes|call|calls ~2 @SELF|as ~3 "
                "a|an ~2 incel|nazi|fascist|jihadi|jihadist|nationalist|supremacist|"
                "accelerationist|mujahid|soldier"
            ),
            r("=is|he's|she's|i'm an|a ~2 incel|nazi|fascist|jihadist|supremacist|accelerationist"),
            r("travel|go|going|went ~3 to ~2 syria|iraq|afghanistan ~3 fight|join|isis"),
            r("pledge|pledged ~3 allegiance|bayat"),
            r(
                "muslims|jews|immigrants|migrants|foreigners|they ~3 =are|is ~2 invading|"
                "replacing|taking|destroying|poisoning"
            ),
            r("take|taking ~2 =the|our|this ~1 country|nation|streets ~2 back"),
            r("by ~1 any ~1 means", "in-quote"),
            r("=by force", "in-quote"),
            r("calling|calls|call ~2 for ~4 @IDEOLOGY|war|jihad|ethnostate"),
            r("legitimate ~1 target|targets", "in-quote"),
            r("support|supports|supported ~3 the? ~1 brothers|mujahideen|fighters|jihadis"),
            r("race ~1 realist|realism|mixing"),
            r("white ~1 people|men|race ~2 must|need|have ~2 to? ~1 fight|rise|wake"),
            r("britain|england ~2 for ~2 the ~1 british|english"),
            r("white ~1 survival|race|identity|homeland|children"),
            r(
                "state|system|government|society ~4 =must|has|have|should|needs|need ~3 "
                "collapse|fall|burn|brought|destroyed|overthrown|torn"
            ),
            r(
                "violence|terror|attacks ~3 is|are ~2 the ~2 only|justified|necessary|answer",
                "in-quote",
            ),
            r("rise|rising ~1 up", "in-quote"),
            r("@IDEOLOGY ~4 cause|movement|struggle|revolution"),
            r("commitment|committed|dedicated|devoted ~3 to ~3 @IDEOLOGY"),
            r(
                "agree|agrees|agreed ~4 with ~4 them|@IDEOLOGY ~6 violence|collapse|race|war",
            ),
            r("speak|speaks|spoke|tell|tells ~2 the ~1 truth", "in-quote", "needs:IDEOLOGY"),
            r(
                "march|marches|rally|rallies|demo|demonstration ~6 =their|street|far-right|"
                "@IDEOLOGY"
            ),
        ),
        state=True,
        blockers=_words("study studied studying essay homework curriculum taught coursework"),
    ),
    # extremist_material. Holds: "accessed, kept or shared extremist content". Not: "no
    # access is found".
    Code(
        "extremist_material",
        (
            r(
                "video|videos|content|material|materials|nasheed|nasheeds|flyer|flyers|leaflet|"
                "leaflets|patch|propaganda|flag|flags|music|songs ~6 proscribed|banned"
            ),
            r(
                "proscribed|banned ~3 group|groups|organisation|organisations ~2 content|video|"
                "videos|material|propaganda"
            ),
            r(
                "leaflet|leaflets|flyer|flyers ~4 for|from ~2 a ~2 group|organisation ~4 "
                "encourage|encourages|promotes|promoting|sabotage|violence|extremist"
            ),
            r(
                "flyer|flyers|leaflet|leaflets|patch|badge|badges|sticker|stickers|poster|posters "
                "~5 @IDEOLOGY|banned|proscribed"
            ),
            r("@MASS|terrorist|terror ~3 livestream|livestreams|manifesto|manifestos"),
            r(
                "document|documents|text|writings|manifesto ~3 written|wrote|by ~3 "
                "the? ~2 @ATTACKER"
            ),
            r(
                "@IDEOLOGY ~2 propaganda|material|materials|content|video|videos|literature|"
                "meme|memes|music|image|images|imagery|symbol|symbols|flag|flags|pamphlet|"
                "pamphlets|sticker|stickers|leaflet|leaflets|poster|posters|publication|"
                "publications|manual|manuals|magazine|magazines|channel|channels|website|"
                "websites|forum|forums|sites|site|books|book|documents|files|podcasts|songs"
            ),
            r("propaganda"),
            r("manifesto|manifestos", "not-after:own"),
            r("anarchist cookbook"),
            r("mein kampf"),
            r("turner diaries"),
            r("=siege ~2 by|culture|mass"),
            r(
                "bomb|bomb-making|terrorist|terror ~2 manual|manuals|instructions|guide|"
                "guides|handbook|recipes|making"
            ),
            r(
                "=isis|daesh|jihadist|jihadi|nazi|neo-nazi|beheading ~2 video|videos|"
                "footage|flag|flags|nasheed|nasheeds|song|songs|images"
            ),
            r("inspire|dabiq|rumiyah ~2 magazine"),
            r("terrorgram ~3 channel|channels|chat|chats|group|groups"),
            r(
                "banned|proscribed|extremist|terrorist ~4 book|books|pdf|pdfs|video|videos|"
                "material|content|magazine|magazines|music|flag|flags|text|texts|leaflets|"
                "speeches|nasheeds"
            ),
            r(
                "proscribed|banned ~2 group|groups|organisation ~2 's ~2 magazine|video|videos|"
                "content|material|speeches|propaganda|flag|channel|channels|handbook|manual"
            ),
            r("full ~2 of ~3 swastikas|nazi|isis|jihadist|propaganda|@IDEOLOGY"),
            r(
                "repost|reposts|reposting|reposted|share|shares|sharing|shared ~2 their ~2 "
                "stuff|content|posts|videos|memes|propaganda",
                "needs:EXTREME",
            ),
            r("@ATTACKER ~3 livestream|livestreamed|streamed|filmed|manifesto|wrote"),
            r(
                "christchurch|halle|buffalo|@ATTACKER ~3 vid|video|videos|footage|livestream|"
                "stream|manifesto|document",
                "needs:ATTACKMEDIA",
            ),
            r("christchurch|halle|buffalo ~2 =vid|video|livestream|footage|stream"),
            r("=great replacement ~2 thing|text|document|pdf|manifesto|book"),
            r("=is|isis|daesh ~2 media ~2 channel|channels|videos|content|outlets"),
            r("video|videos ~3 of ~3 the ~2 @ATTACKNAME|mosque|synagogue ~2 shooter|attacker"),
            r("filmed|streamed|livestreamed ~2 by ~2 the ~1 @ATTACKER"),
            r(
                "great ~1 replacement ~2 memes|videos|clips|content|material|posts|leaflets",
            ),
        ),
        blockers=_words("coursework essay critically analysed analysis curriculum taught studied"),
    ),
    # grievance. Holds: "holds a grudge or sense of injustice against people or
    # institutions". Not: "it is denied".
    Code(
        "grievance",
        (
            r("sick|tired ~2 of ~3 being|people|everyone"),
            r("disrespected|scrapheap|second-class|persecuted"),
            r("nobody|no-one ~4 care|cares|listens|listen|helps|help ~2 about|to|us|me"),
            r("=had enough", "in-quote"),
            r("=wont|won't|will not|doesn't|doesnt ~2 do ~2 anything", "needs:SCHOOLISH"),
            r("=unfair|unfairly|rigged|unjust|unjustly|injustice|fitted|stitched"),
            r("=not fair"),
            r(
                "ruin|ruined|ruins|ruining|wreck|wrecked|wrecks|destroy|destroyed|mess|messed ~3 "
                "his|her|my|their|our ~1 life|lives|future|everything|chances",
                "anyone",
            ),
            r("=made|make|makes|making ~5 =hell|misery|miserable"),
            r("=set ~1 him|her|me|us ~1 up"),
            r("=stitch-up|fit-up|stitched"),
            r("=stitch ~1 up"),
            r(
                "treat|treats|treated|treating ~4 like ~2 dirt|rubbish|shit|crap|dogs|dog|scum|"
                "animals|animal|criminal|criminals|nothing|joke|idiot"
            ),
            r("=did|done|do nothing", "in-quote"),
            r("=for nothing", "in-quote"),
            r("=humiliated|disrespected|belittled ~1 me|him|her", "in-quote"),
            r("for ~1 what ~2 they|he|she|you|people ~1 did|done|said"),
            r("=ruined everything"),
            r("had|has|have ~2 it ~2 in ~2 for"),
            r("ripped|rip|rips ~1 off", "object"),
            r("=crook|crooks|liars|corrupt"),
            r("=always ~3 side|sides|sided|pick|picks|blame|blames|blamed|gets|get ~3 with|on|the"),
            r("took|take|takes|taking ~2 =dad's|mum's|their|his|her ~1 side"),
            r("owe|owes|owed ~3 him|her|me|them|us ~4 money|pay|wages|weeks|respect"),
            r("=sacked|fired|dumped|excluded|expelled|kicked ~6 for no reason"),
            r("=hate|hates ~2 me|him|her", "object"),
            r(
                "everyone|everybody|they|people|world|society|women|girls|men|guys ~2 "
                "=against|owe|owes"
            ),
            r(
                "grievance|grievances|grudge|grudges|resentment|resentful|resents|resent|"
                "resented|vendetta|bitterness|bitter"
            ),
            r(
                "sense|feeling|feelings|feel|feels|felt ~3 of? ~2 injustice|unfairness|"
                "wronged|victimised|victimized|persecuted|betrayed|humiliated|hard|"
                "disrespected|cheated"
            ),
            r(
                "unfair|unfairly|unjust|unjustly ~4 treat|treated|punished|excluded|blamed|"
                "targeted|picked"
            ),
            r("treat|treated ~2 unfairly|unjustly|badly"),
            r("revenge|vengeance|payback|retribution|retaliate|retaliation"),
            r("get|getting|got ~2 back at|even with"),
            r("make ~3 them|him|her|everyone|people|school|teachers ~2 pay"),
            r("pay for what"),
            r("treated ~2 like ~1 dirt|rubbish|shit|crap|a ~1 criminal"),
            r("=ruined|destroyed ~2 him|her|me|my|his", "in-quote"),
            r("did|done ~2 us|him|her|me ~1 dirty"),
            r("never ~1 forgiving|forgive", "in-quote"),
            r(
                "blame|blames|blamed ~6 for ~4 his|her|their|problems|life|everything|"
                "exclusion|situation|failure|lack"
            ),
            r(
                "hate|hates|hated|hatred|loathe|loathes|despise|despises|despised|angry|anger|"
                "furious|rage|seething|blames ~4 the? ~2 school|teacher|teachers|staff|police|"
                "society|women|girls|government|system|world|everyone|everybody|people|"
                "council|authorities|social|establishment|bullies|boys|peers|pupils|"
                "institution|institutions|head|headteacher"
            ),
            r(
                "against ~3 the? ~2 school|teachers|staff|police|society|women|government|"
                "system|world|authorities|establishment|institutions ~3 for|because|who"
            ),
        ),
        state=True,
    ),
    # missing_episode. Holds: "went or was reported missing, now or in the past". Not: "out
    # late but never missing".
    Code(
        "missing_episode",
        (
            r(
                "=missing ~2 episode|episodes|person|persons|report|reports|from|overnight|"
                "incident|incidents|for"
            ),
            r("be|go|went|gone|report|reported|declare|declared|become|been|was|were ~3 =missing"),
            r("=mfh|misper|mispers"),
            r("run|ran|runs|running ~2 away ~3 from? ~2 home|care|placement|school|unit"),
            r("=ran|run|runs|running away"),
            r("=ran|run|runs|running off ~3 from ~1 home|care|placement|school"),
            r("abscond|absconded|absconding|absconds"),
            r("episode|episodes|periods|report|reports ~3 of ~2 =missing|going"),
            r("whereabouts unknown"),
        ),
        not_followed_by=_words(
            "school lessons lesson class classes education appointments appointment sessions "
            "session days work meals homework registration periods the"
        ),
    ),
    # neurodivergence_diagnosed. Holds: "has a diagnosis (autism, ADHD and the like;
    # self-report counts)". Not: "an assessment found none".
    Code(
        "neurodivergence_diagnosed",
        (
            r("diagnose|diagnosed|diagnosis|diagnoses|dx ~5 @ND"),
            r("@ND ~2 diagnosis|diagnoses|diagnosed|dx"),
            r("@ND"),
            r("learning disability|disabilities|difficulty|difficulties"),
            r("global developmental delay"),
        ),
        blockers=_words(
            "consistent pathway diagnostic suggestive "
            "suspect suspected suspicion query queried possible possibly potential probable "
            "likely trait traits assess assessment assessments referral refer referred await "
            "awaiting wait waiting pending screen screening undiagnosed investigate "
            "investigation may might could think thinks believe believes wonder wonders sign "
            "signs indicator indicators explore exploring questionnaire sibling brother "
            "sister cousin sure probably possibility criteria clinic list booked"
        ),
    ),
    # neurodivergence_suspected. Holds: "a professional or parent suspects it". Not: "ruled
    # out, or replaced by a diagnosis".
    Code(
        "neurodivergence_suspected",
        (
            r(
                "suspect|suspects|suspected|think|thinks|believe|believes|wonder|wonders|query|"
                "queries ~4 =he|she|they ~2 =has|may|might|could|is|have ~3 @ND",
                "object",
            ),
            r(
                "suspect|suspected|suspects|suspicion|suspicions|query|queried|possible|"
                "possibly|potential|probable|likely|undiagnosed|traits|trait|signs|indicators|"
                "features|characteristics ~5 @ND",
                "object",
            ),
            r(
                "@ND ~2 traits|trait|signs|features|characteristics|tendencies|screening|"
                "questionnaire|query|queried|suspected",
                "object",
            ),
            r("may|might|could ~2 be|have ~3 @ND", "object"),
            r(
                "think|thinks|thought|believe|believes|believed|wonder|wonders|feel|feels|"
                "felt|concerned ~5 have|has|be|is|may|might ~3 @ND",
                "object",
            ),
        ),
        state=True,
        blockers=_words("ruled criteria closed diagnosed diagnosis"),
    ),
    # assessment_pending. Holds: "awaits a neurodevelopmental, mental-health, forensic or
    # specialist assessment". Not: "the assessment is done, or was declined".
    Code(
        "assessment_pending",
        (
            r(
                "await|awaiting|awaits|awaited|wait|waiting|waits ~3 for? ~5 assessment|"
                "assessments|appointment|diagnosis|evaluation|review|camhs|psychiatrist|"
                "psychologist|psychiatric|neurodevelopmental|forensic|ehcp|screening|"
                "@ND|outcome|report"
            ),
            r("waiting list|lists"),
            r("waitlist|waitlisted|wait-list"),
            r(
                "assessment|assessments|appointment|evaluation|screening|referral ~4 pending|"
                "outstanding|booked|scheduled|awaited|requested|due|planned|arranged|"
                "underway|ongoing|delayed",
                "end-not:conflict|concerns|issues|problems|support|work",
            ),
            r("pending ~4 assessment|assessments|appointment|evaluation|diagnosis"),
            r(
                "refer|referred|referral ~4 to|for ~5 assessment|camhs|@ND|psychiatrist|"
                "psychiatric|psychologist|psychology|neurodevelopmental|forensic|"
                "paediatrician|paediatrics|pediatrician|diagnostic",
                "end-not:crisis",
                "nx:back",
            ),
            r("yet ~2 to ~2 be ~2 assess|assessed|seen"),
            r("not yet ~3 assess|assessed|seen|diagnosed"),
            r("wait|waiting ~2 is|time|list ~4 months|weeks|years|month|week|year"),
            r("refer|referred|referral ~4 to ~4 pathway"),
        ),
        state=True,
        blockers=_words(
            "completed complete concluded declined refused discharged took carried outcome closed"
        ),
    ),
    # mental_health_need. Holds: "has depression, anxiety, self-harm, suicidal statements,
    # psychosis, trauma symptoms and the like". Not: "a parent's condition; a worry it might
    # start".
    Code(
        "mental_health_need",
        (
            r("=can't|cannot|cant ~2 do ~2 this ~2 anymore|any", "in-quote"),
            r("@MH"),
            r("self harm|harms|harming|harmed|injury|injuring|injures|injured|cutting"),
            r(
                "cut|cuts|cutting|burn|burns|burning|hurt|hurts|hurting|harm|harms|harming|"
                "scratch|scratches ~2 =himself|herself|themselves|themself|myself|his|her|"
                "their|my ~2 arms|wrists|legs|arm|wrist|skin|thighs"
            ),
            r("kill|hang|harm|hurt|end|stab|shoot|drown|cut|poison ~2 @SELF"),
            r("end ~2 his|her|their|my ~2 life|own"),
            r("want|wants|wanted|wish|wishes|wished ~3 to ~2 die|dead"),
            r("=doesn't|does|did|didn't|not ~3 want ~2 to ~2 live|exist|be"),
            r("low mood|moods|self-esteem|esteem"),
            r(
                "mental health ~3 need|needs|difficulty|difficulties|issue|issues|problem|"
                "problems|concern|concerns|condition|conditions|crisis|support|deteriorat|"
                "diagnosis|decline|struggles|history"
            ),
            r("mental ~2 ill|illness|breakdown"),
            r("hearing|hears|heard ~2 voices"),
            r("eating disorder"),
            r("panic attack|attacks"),
            r("=s.136|s136"),
            r("take|took|taking|swallow|swallowed ~3 tablets|pills|paracetamol|overdose"),
            r("better ~2 off ~2 dead"),
            r("=so|really|very|always ~1 low", "in-quote"),
            r("section 136"),
            r("=sectioned"),
            r("emotional ~2 distress|dysregulation|difficulties|wellbeing|needs"),
            r("=known|open|under ~2 to? ~2 camhs|psychiatry|eip|crisis"),
            r(
                "antidepressants|antidepressant|sertraline|fluoxetine|citalopram|antipsychotic|"
                "antipsychotics"
            ),
        ),
        state=True,
        blockers=_words("mum's dad's mother's father's semh ehcp"),
    ),
    # send_ehcp. Holds: "has an education, health and care plan or special educational needs
    # support".
    Code(
        "send_ehcp",
        (
            r("=ehcp|ehcps|ehc|sen|senco-led|statemented"),
            r(
                "=send ~1 support|needs|register|pupil|pupils|provision|department|team|plan|"
                "status|code"
            ),
            r("education ,? health and care plan"),
            r("special ~2 educational|education ~2 need|needs|provision|school|support"),
            r("additional learning needs|need"),
            r("=aln|alnco"),
            r("sen ~2 support|register|plan"),
            r("learning support ~2 assistant|unit|plan|base"),
            r("=1:1|1-1|one-to-one|121 ~2 support|teaching|assistant|ta"),
            r("one ~2 to ~2 one ~2 support|assistant|ta"),
            r("statement of ~2 special|sen|educational"),
            r("specialist ~2 provision|school|unit|setting"),
            r("resource|resourced ~2 provision|base"),
        ),
        blockers=_words("application applied apply applying request requested refused declined"),
    ),
    # exclusion. Holds: "was suspended or permanently excluded from school". Not: "a
    # detention; being left out by peers".
    Code(
        "exclusion",
        (
            r("exclude|excluded|exclusion|exclusions|excluding"),
            r("suspend|suspended|suspension|suspensions"),
            r("expel|expelled|expulsion"),
            r("=fte|ftes|pex|fixed-term|permanently|permanent ~2 exclusion|excluded|exclusions"),
            r("sent home ~4 for|after"),
            r("managed move"),
        ),
        blockers=_words(
            "peers friendship friendships games group groups conversations socially party "
            "parties chat chats activities team friends detention risk"
        ),
    ),
    # victim_of_bullying. Holds: "is bullied, harassed or targeted by peers, online or in
    # person". Not: "the bullying has explicitly stopped".
    Code(
        "victim_of_bullying",
        (
            r(
                "message|messages|texts|comments|posts ~6 from ~3 @PEERS ~6 telling|tell|told ~2 "
                "him|her|me ~3 to",
                "object",
            ),
            r("@PEERS ~6 telling|tell|told ~2 him|her|me ~3 to ~2 kill|die|go", "object"),
            r(
                "laugh|laughs|laughing|laughed|sneer|sneers|jeer|jeers ~2 at ~2 him|her|me",
                "object",
            ),
            r(
                "share|shares|sharing|shared|post|posted|posting ~3 videos|pictures|photos|images|"
                "clips ~2 of ~2 him|her|me",
                "object",
            ),
            r(
                "call|calls|calling|called ~1 him|her|me ~2 =a|names|weirdo|freak|psycho|loser|"
                'gay|retard|robot|terrorist|paedo|fat|ugly|smelly|"',
                "object",
            ),
            r(
                "=robbed|attacked|assaulted|beaten|punched|kicked|hit|threatened|slapped|tripped|"
                "pushed|spat ~4 by ~3 @PEERS|lads|boys|girls|pupils|older|other|others|group"
            ),
            r(
                "pupils|boys|girls|peers|classmates|lads|kids|students|others|gang|group ~4 "
                "take|took|taking|trip|tripped|tripping|spit|spat|push|pushed|pushing|hit|kick|"
                "kicked|punch|punched|slap|slapped|mock|mocked|mocking ~3 him|her|his|me|my",
                "object",
            ),
            r("fake ~2 account|accounts|profile ~6 =him|her|pretending", "object"),
            r(
                "=bullied|cyberbullied|cyber-bullied|harassed|targeted|teased|taunted|mocked|"
                "ridiculed|ostracised|ostracized|tormented|victimised|victimized|humiliated|"
                "intimidated"
            ),
            r(
                "bully|bullies|bullying|bullied|harass|harasses|harassing|tease|teases|"
                "teasing|taunt|taunts|taunting|mock|mocks|mocking|torment|torments|target|"
                "targets|targeting|intimidate|intimidates ~2 him|her|me|them",
                "object",
            ),
            r("pick|picks|picked|picking ~2 on ~2 him|her|me|them", "object"),
            r("=picked on"),
            r(
                "victim|victims|subject|subjected ~2 of|to ~3 bullying|cyberbullying|"
                "harassment|abuse|teasing|name-calling|racism|homophobia|intimidation"
            ),
            r(
                "experience|experienced|experiencing|suffer|suffered|suffering|endure|endured|"
                "enduring|report|reports|reported|disclose|disclosed|face|faced|facing|"
                "describe|describes|described|allege|alleges|alleged ~4 bullying|"
                "cyberbullying|harassment|name-calling|teasing"
            ),
            r(
                "bullying|cyberbullying|harassment|name-calling ~3 by|from|at|online|in ~3 "
                "@PEERS|school|college|others|a|online|social|snapchat|instagram"
            ),
            r("=his|her|their bullies|bully"),
            r("called ~2 names"),
            r("name ~2 calling|-calling"),
            r("=cyberbullying|cyber-bullying"),
            r("make|making|made ~2 his|her|my ~1 life ~2 hell|misery|a ~1 misery"),
            r(
                "message|messages|comments|texts ~6 telling ~2 him|her|me ~2 to ~2 kill|die|go",
                "object",
            ),
            r(
                "@PEERS|they ~6 mimic|mimics|mimicking|corner|cornered|corners|ambush|ambushed "
                "~2 him|her|me",
                "object",
            ),
            r("nickname|nicknamed|nicknames ~1 him|her|me", "object"),
            r("take|taking|takes ~1 the ~1 piss", "in-quote"),
            r("=hated on"),
            r("=kys"),
            r("start|started|starts|keep|keeps|kept|been ~1 calling", "object", "needs:PEERS"),
            r(
                'calling|called ~2 =a|"|the|names ~2 school|shooter|terrorist|bomber|freak|weirdo|'
                "psycho|paedo",
                "object",
                "needs:PEERS",
            ),
            r(
                "@PEERS ~4 sent|send|share|shared|post|posted|circulated ~2 round? ~3 "
                "video|videos|photos|pictures|clip ~2 of ~1 him|her",
                "object",
            ),
            r(
                "@PEERS|they ~6 push|pushed|pushing|shove|shoving|shoved|film|filming|filmed|grab|"
                "grabbing|grabbed|steal|stealing|stole|kick|kicking|kicked|trip|tripping|punch|"
                "punching|hit|hitting|spit|spitting ~2 him|her|his|me|my",
                "object",
            ),
            r(
                "throw|throwing|threw|spit|spitting|spat ~3 at ~2 him|her|me ~3 in|at|on ~2 "
                "corridors|corridor|school|class|lessons|bus|playground",
                "object",
            ),
        ),
        state=True,
    ),
    # social_isolation. Holds: "has no friends, withdraws, cuts others off". Not: "a worry
    # that they may become isolated".
    Code(
        "social_isolation",
        (
            r(
                "=not|n't|never|longer|rarely|hardly|barely|stopped|stop|hasnt|doesnt|dont|wont|"
                "cant|didnt|isnt ~3 talk|talks|talking|"
                "speak|speaks|speaking|spoken|see|sees|seen|seeing|socialise|"
                "socialising|mix|mixing|leave|left|leaves|leaving ~3 any|anyone|"
                "anybody|friends|mates|others|peers|house|flat|room|home",
                "end-not:without|unless",
                "absence",
            ),
            r(
                "=not|n't|never|rarely|hardly|barely|doesnt|dont|wont|longer ~2 go|goes|going ~1 "
                "out|anywhere",
                "absence",
            ),
            r("=nobody|no-one ~3 will|wants|want|sits|sit|talks|talk|speaks|plays", "absence"),
            r("no one ~3 will|wants|want|sits|sit|talks|talk|speaks|plays", "absence"),
            r("spend|spends|spent|spending|sit|sits|eat|eats|stays|stay ~8 =alone|own", "absence"),
            r(
                "=doesn't|does|didn't|did|hasn't|has|not ~2 have|see|seen ~2 any ~2 friends|friend",
                "absence",
            ),
            r("=no|zero ~2 friends|friend|friendships|peer", "absence"),
            r("=few|any ~2 friends|friend|friendships", "absence", "not-after-a"),
            r("isolated|isolating|isolates|isolation|isolate"),
            r(
                "withdrawn|withdraw|withdraws|withdrew|withdrawal|withdrawing",
                "nx:the|his|her|a|their|it|comment|remark|statement|money|cash",
            ),
            r("loner|lonely|loneliness"),
            r(
                "alone ~2 in|at ~3 his|her|their|the ~2 room|bedroom|lunch|lunchtimes|break|"
                "breaks|playground|library|house"
            ),
            r(
                "spend|spends|spent|spending|sit|sits|sat|eat|eats|ate|walk|walks ~4 alone|"
                "=on his own|her own"
            ),
            r("keep|keeps|kept ~2 =himself|herself|themselves ~2 to"),
            r("cut|cuts|cutting ~3 off", "end-not:contact|ties"),
            r(
                "struggle|struggles|struggled|difficulty|difficulties|trouble|unable ~3 "
                "make|making|form|forming|keep|keeping|maintain ~2 friends|friendships|"
                "relationships"
            ),
            r(
                "=not|n't|doesn't|rarely|never|seldom ~3 leave|leaves|socialise|"
                "socialises|socialize|mix|mixes|interact|interacts ~3 out|house|room|bedroom|"
                "others|peers|anyone|anybody"
            ),
            r("no one|nobody ~3 to ~2 talk|turn|play|sit"),
            r(
                "little|limited|minimal|no ~2 contact|interaction|interactions ~3 with ~2 "
                "peers|@PEERS|others|friends|people|anyone|family"
            ),
            r("stay|stays|stayed|staying ~3 in ~2 his|her|their ~2 room|bedroom"),
            r("shut|shuts|locks|locked ~3 =himself|herself|themselves ~3 away|in|off"),
            r("friendless|reclusive|recluse|hermit"),
            r("not|n't|no ~2 have ~3 friends|friend"),
            r("=doesn't|don't|doesnt|dont|hasn't|hasnt ~2 have ~2 anyone|anybody"),
            r("eat|eats|ate|eating ~3 lunch ~2 in ~2 the ~1 toilets|toilet|library|alone"),
            r("gave|give|given ~1 up ~2 on ~2 people|friends|everyone"),
            r("refuse|refuses|refused ~2 to ~2 speak|talk ~2 to ~1 anyone|anybody|staff|peers"),
            r("=no|zero ~2 mates"),
            r("dropped|drop|drops ~2 all? ~1 his|her ~1 mates|friends"),
        ),
        state=True,
    ),
    # family_conflict. Holds: "lives with rows, hostility, abuse or violence at home, or
    # estrangement". Not: "relationships at home are described as good".
    Code(
        "family_conflict",
        (
            r(
                "=we|they ~2 row|rows|argue|fight|fighting|rowing|arguing|clash|scream|shout",
                "anyone",
            ),
            r(
                "@VIOLENT ~2 his|her|their ~1 mum|dad|mother|father|stepdad|stepfather|stepmum|"
                "stepmother|brother|sister|parents|parent|nan|gran|grandmother|grandfather",
                "anyone",
            ),
            r(
                "row|rows|argument|arguments|argue|argues|argued|arguing|conflict|conflicts|"
                "tension|tensions|hostility|hostile|fight|fights|fighting|shouting|screaming|"
                "friction|clash|clashes ~5 at|with|in ~3 home|@FAMILY",
                "anyone",
            ),
            r(
                "@FAMILY ~6 row|rows|argue|argues|argued|arguing|fight|fights|fighting|"
                "conflict|tension|hostile|hostility|violent|violence|abusive|abuse|aggressive|"
                "hit|hits|beat|beats|hits|assault|assaulted|threw|kicked|shouting|screams",
                "anyone",
            ),
            r("domestic ~2 abuse|violence|incident|incidents|disputes|dispute|conflict", "anyone"),
            r("=dv|da ~2 incident|incidents|history|perpetrator|victim|household", "anyone"),
            r("estrange|estranged|estrangement", "anyone"),
            r(
                "throw|threw|thrown|kick|kicked ~2 out ~3 of? ~2 home|house|the|his|her",
                "anyone",
                "object",
            ),
            r("relationship|relationships|family ~2 breakdown|broke|broken", "anyone"),
            r(
                "breakdown ~3 in|of ~2 the? ~2 relationship|relationships|family|placement",
                "anyone",
            ),
            r(
                "volatile|difficult|strained|fractured|fraught|poor|abusive|toxic|violent|"
                "turbulent|chaotic|acrimonious ~3 relationship|relationships|home|household|"
                "family",
                "anyone",
            ),
            r(
                "no ~2 contact ~3 with ~3 his|her|their ~2 father|dad|mother|mum|family|"
                "parents|parent",
                "anyone",
            ),
            r(
                "refuse|refuses|refused ~3 to ~2 speak|talk|see ~2 to? ~2 his|her|their ~2 "
                "father|dad|mother|mum|family|parents",
                "anyone",
            ),
            r("child protection|cp plan|child in need", "anyone"),
            r("=cin|cp ~2 plan"),
            r(
                "altercation|altercations|argument|arguments|row|rows|fight|fights|fighting|"
                "conflict|violence|arguing|rowing ~3 between ~6 and ~3 his|her|their ~2 "
                "@RELATIVE|partner",
                "anyone",
            ),
            r("cut|cuts|cutting ~2 off ~2 contact|ties ~3 with ~3 @RELATIVE", "anyone"),
            r("war zone", "anyone", "needs:HOME"),
            r("during|after|in ~2 a|an ~1 row|argument|rows|arguments", "anyone", "needs:HOME"),
            r(
                "=slams|slammed ~2 the ~1 door ~3 in ~2 my|his|her ~1 face",
                "anyone",
            ),
            r("at ~1 each ~1 other ~1 's ~1 throats", "anyone"),
            r(
                "home ~1 life|situation|environment ~3 chaotic|volatile|violent|abusive|hostile|"
                "toxic|unstable",
                "anyone",
            ),
            r(
                "=not|n't|never ~2 spoken|speak|seen|talk|talked ~2 to|with? ~2 his|her ~1 "
                "@RELATIVE ~2 in|for|since",
                "anyone",
                "absence",
            ),
            r("at ~1 each ~1 other's ~1 throats", "anyone"),
            r(
                "refuse|refuses|refused ~2 to ~2 see|speak|talk|contact ~2 with|to ~2 "
                "his|her ~1 @RELATIVE",
                "anyone",
            ),
            r("refuse|refuses|refused ~3 contact ~2 with ~2 his|her ~1 @RELATIVE", "anyone"),
            r("go|goes|going|went ~1 at ~1 it", "anyone", "needs:RELATIVE"),
            r("terrible|awful|horrendous|unbearable|volatile|tense ~3 at ~1 home", "anyone"),
            r("hit|hits|hitting|beat|beats|beating ~1 =mum|mother|dad|father", "anyone"),
            r(
                "row|rows|argument|arguments|shouting|screaming|fighting|tension ~2 between ~5 "
                "@RELATIVE|me",
                "anyone",
            ),
        ),
        state=True,
        # "the brothers fighting the West": a cause's fighters, not a family
        blockers=_words("west infidels kuffar mujahideen"),
    ),
    # online_activity_concern. Holds: "behaves online in a way that worries professionals
    # (extremist or gore forums, contact with unknown adults, attack footage channels)". Not:
    # "has no account, or the activity is harmless".
    Code(
        "online_activity_concern",
        (
            r(
                "chatroom|chatrooms|chat|chats|server|servers|group|groups|forum|forums ~3 with ~2 "
                "older|adult|unknown|grown ~1 men|man|adults|males"
            ),
            r(
                "friend|man|male|person|someone|boy|girl ~3 from|on ~2 roblox|fortnite|minecraft|"
                "discord|snapchat|xbox|instagram|tiktok|online|internet",
                "anyone",
            ),
            r(
                "message|messages|messaging|chats|gifts ~6 from|with ~2 a|an ~1 man|adult|"
                "stranger|older|male",
                "needs:ONLINE",
            ),
            r(
                "forum|forums|site|sites|group|groups|community ~8 starve|pro-ana|self-harm|"
                "suicide|starving"
            ),
            r(
                "@ONLINE ~4 account|accounts|channel ~6 post|posts|posting ~4 about ~3 @MASS|"
                "shootings|gore|killings|violence"
            ),
            r(
                "forum|forums|site|sites|website|websites|channel|channels|server|servers|chat|"
                "chats|group|groups|board|boards|imageboard|imageboards|thread|threads ~8 "
                "@MASS|gore|shooters|deaths|killings|extremist|beheading|beheadings|livestream|"
                "livestreams|terrorist|propaganda|videos|executions|swastikas|suicide",
                "nx:logs|log|history|records",
            ),
            r("chat|chats|group|server|servers ~2 with ~2 men|adults|strangers|males"),
            r("met|meet|meeting ~4 on|through|via ~1 @ONLINE", "needs:GROOM"),
            r("on ~1 the ~1 =forums|imageboards|chans"),
            r(
                "share|sharing|shared|shares|post|posting|posted|posts|forward|forwarding|"
                "forwarded|upload|uploading|uploaded ~16 on|to|in ~2 his|her|their ~2 @ONLINE",
                "needs:EXTREMEORMASS",
            ),
            r("=dark-web|darkweb"),
            r("online ~1 persona|alter|identity|profile|account ~6 @ATTACKER|@ATTACKNAME"),
            r(
                "men|adults|strangers|males ~3 =she|he ~2 has|had|have ~1 never ~1 met",
                "anyone",
                "absence",
            ),
            r(
                "post|posting|posts|posted|share|sharing|shares|shared|comment|commenting|"
                "comments ~3 memes|videos|content|clips|links|stuff|things ~3 on|in|to ~2 "
                "his|her|their|a|the ~1 @ONLINE|story|stories|status|chat|channel",
                "needs:EXTREMEORMASS",
            ),
            r(
                "talk|talking|talked|chat|chatting|chatted|speak|speaking|message|messaging|met|"
                "meet|meeting ~6 online|server|game|minecraft|roblox|fortnite|discord|snapchat|"
                "instagram|tiktok|app|gaming",
                "needs:ADULT",
            ),
            r("online ~4 group|chat|chats|server ~6 men|adults|man|strangers|adult", "anyone"),
            r("on|into ~2 incel ~1 forums|forum|sites|site"),
            r("preacher|influencer|influencers ~3 online"),
            r("=online ~2 preacher|influencer"),
            r(
                "visit|visited|visits|visiting ~4 forum|forums|site|sites|website|websites ~4 "
                "dedicated|devoted|about|for"
            ),
            r(
                "gore|extremist|incel|far-right|nazi|jihadist|terror|violent|shock|pro-suicide|"
                "pro-ana ~2 forum|board|boards|imageboard|imageboards|"
                "forums|site|sites|website|websites|channel|channels|server|servers|"
                "chat|chats|chatroom|chatrooms|account|"
                "accounts|page|pages|content|videos|video"
            ),
            r(
                "=4chan|8chan|8kun|/pol/|pol|kiwifarms|liveleak|bestgore|terrorgram|gab|"
                "rumble|bitchute|odysee"
            ),
            r("dark ~2 web"),
            r(
                "contact|contacts|talking|talks|talk|chatting|chats|chat|speaking|speaks|"
                "messaging|messages|message|groomed|grooming|befriended|meeting|meet ~4 with? "
                "~3 unknown|older|adult|adults|strangers|stranger|men|man ~3 online|men|man|"
                "adults|adult|males|male"
            ),
            r("unknown|older ~2 adult|adults|men|males|man|male ~3 online"),
            r(
                "online ~2 groom|grooming|groomed|radicalisation|radicalised|radicalized|"
                "extremist|extremism|gore|hate|abuse|threats|searches|activity|behaviour|"
                "presence|forums|contacts|contact"
            ),
            r(
                "discord|telegram|tiktok|youtube|snapchat|instagram|reddit|roblox|twitter|"
                "whatsapp|x ~4 server|servers|channel|channels|group|groups|chat|chats|"
                "account|accounts|videos|posts|posting|posted|content|community"
            ),
            r(
                "search|searches ~2 history ~6 @MASS|@IDEOLOGY|gore|weapon|weapons|@WEAPON|bomb|"
                "kill|killing|violence|violent|beheading|suicide"
            ),
            r(
                "search|searches|searched|searching|google|googled|googling ~4 for|about|how "
                "~4 @WEAPON|make|build|@MASS|bomb|kill|killing|gore|beheading|nazi|isis",
                "needs:ONLINE",
            ),
            r(
                "post|posts|posted|posting|share|shares|shared|sharing|upload|uploaded|"
                "uploading ~5 online|snapchat|instagram|tiktok|discord|"
                "telegram|youtube|twitter|facebook|whatsapp|social|group|chat|"
                "videos|images|photos|pictures|memes|content|messages ~3 of|showing|about|with|"
                "depicting ~3 @WEAPON|@MASS|gore|violence|violent|@IDEOLOGY|extremist|"
                "killing|dead|blood|bomb"
            ),
        ),
        state=True,
        blockers=_words("harmless age-appropriate appropriate innocuous benign"),
    ),
)

CODES: dict[str, Code] = {code.code: code for code in CODEBOOK}

# -- Scope cues, read by suggest.py --------------------------------------------------------

#: Words that negate what follows them in the clause.
NEGATION = frozenset(
    _words(
        "arent cannot cant denial denied denies deny denying didnt dismissed dispute disputed "
        "disputes doesnt dont false hasnt havent isnt lack n't neither never nil no nobody none "
        "nor not nothing refute refuted refutes ruled unable unfounded unsubstantiated untrue "
        "wasnt werent wont"
    )
)
#: Words after a match, close by, that negate it ("a knife was not found").
NEGATION_AFTER = frozenset(
    _words(
        "denied disputed false n't negative never none not nothing ruled unfounded "
        "unsubstantiated untrue"
    )
)
#: Hypotheticals and worries: assert nothing.
HYPOTHETICAL = frozenset(
    _words(
        "afraid alleged allegedly avoid could fear feared fears frightened hope hopes "
        "hypothetical hypothetically if lest likely may maybe might perhaps possible possibly "
        "potential potentially prevent risk rumour rumoured rumours scared should speculation "
        "susceptible suspect suspected suspicion unconfirmed unless unverified vulnerable "
        "whether wonder wondered worried worries worry worrying"
    )
)
#: For intent and threats, modal verbs are part of the statement ("said he would stab him").
HYPOTHETICAL_STRONG = frozenset(
    _words(
        "afraid avoid fear feared fears hypothetical hypothetically if maybe might perhaps "
        "possible potential potentially prevent risk rumour rumoured rumours speculation "
        "unconfirmed unless whether wonder wondered worried worries worry worrying"
    )
)
#: States said to be over ("no longer", "has stopped").
OVER = frozenset(
    _words(
        "anymore cease ceased ended former formerly improved longer over past previously "
        "resolved settled stop stopped stops"
    )
)
#: Set work: looking something up for a lesson or project is not research on one's own
#: initiative (the blockers of mass_casualty_research add to this).
SET_WORK = frozenset(
    _words(
        "assignment coursework curriculum essay homework presentation project syllabus resource "
        "citizenship pshe"
    )
)
#: Words too common to tell what a sentence is about (the model's evidence must hold a word
#: of the code's patterns besides these).
COMMON_WORDS = frozenset(
    _words(
        "the a an and or but that this these those it they them their you your we our be have "
        "has had do did does go get make take put say tell one some any all what who which if "
        "so up out down over back there here u ur 's 'll 'd 'm n't"
    )
)
#: Words introducing a quotation that make it a fear or a rumour, not something said ("if",
#: "whether" and "could" are not among them: "told me that if he comes near the flat 'I'll do
#: him'" is the subject's own conditional, "asked if anyone could 'get him a blade'" a request).
QUOTE_FRAME_DOUBTS = frozenset(
    _words(
        "might fear fears feared afraid worried worries worry worrying rumour rumours rumoured "
        "hypothetically"
    )
)
#: Condemnation: a sentence about an attack that holds one of these is not approval of it
#: (read only for the model's suggestions; the lexicon's approval patterns say what is
#: approved).
CONDEMNATION = frozenset(
    _words(
        "evil condemn condemned condemns disgusting disgusted horrified horrific horrible sick "
        "sickening monster monsters coward cowardly terrible awful appalled appalling upset cry "
        "cried crying sad saddened wrong murderer murderers tragic tragedy shocked shocking "
        "vile"
    )
)
#: Words that start a new clause: scopes do not cross them.
CLAUSE_WORDS = frozenset(
    _words(
        "after also although because before but despite however instead later meanwhile "
        "nevertheless nonetheless since so subsequently than then though unless until when "
        "where whereas which while whilst who whom whose yet"
    )
)
#: After "and", these start a new clause ("no weapon was found and he was arrested").
AND_STARTS_CLAUSE = frozenset(
    _words(
        "admitted dad disclosed had has he her his i is it later mum now officers police "
        "reported said says school she staff subsequently that their then there they this told "
        "was we"
    )
)
#: Other people: when one of them is the nearest person named before a match, the match is
#: about them, not the subject. Professionals (police, staff, teachers) are left out: in these
#: narratives they find, report and search, and what they find is the subject's.
OTHER_PERSON = frozenset(
    _words(
        "associate associates aunt auntie boyfriend brother carer carers classmate classmates "
        "cousin cousins dad daddy father friend friends gang girlfriend gran grandad husband wife "
        "grandfather grandmother grandparent grandparents group ip ip1 ip2 mom mop mother mum "
        "mummy nan neighbor neighbour neighbours others parent parents partner peer peers rival "
        "rivals sibling siblings sister somebody someone stepdad stepfather stepmother stepmum "
        "stranger strangers uncle v1 victim victims w1 witness"
    )
)
#: Words that, before a person noun, make it someone other than the subject.
OTHER_DETERMINER = frozenset(
    _words("another both fellow four many older other several some these those three two younger")
)
PERSON_NOUN = frozenset(
    _words(
        "adult adults boy boys child children female females girl girls individual individuals "
        "kid kids lad lads male males man men people person pupil pupils student students "
        "teenager teenagers woman women youth youths"
    )
)
#: "my son", "our daughter": the writer is a parent (or teacher, worker), not the subject.
CHILD_NOUNS = frozenset(
    _words(
        "son daughter child kid boy girl stepson stepdaughter grandson granddaughter nephew "
        "niece pupil student client mentee foster"
    )
)
#: The subject: in police logs "S1", "subj", "the suspect".
SUBJECT_WORDS = frozenset(
    _words(
        "accused client cyp defendant detainee nominal offender pic referred s1 self subj "
        "subject sus suspect yp"
    )
)
