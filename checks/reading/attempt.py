"""Kartra's retry cycle in words: "the second monthly charge bounced too" is attempt 2.

DESIGN.md's ``attempt``: ``1``, ``2``, ``3`` (that many attempts of the same payment failed) or
``cancelled`` (the last attempt failed and Kartra cancelled the subscription). Only wordings that say a
payment failed again are read; an ordinal in passing ("the second installment", "third time I write")
is nothing: the second installment of a plan failing once is a first failure.
"""

from __future__ import annotations

import re
from typing import Any

_N = {"retried": "2", "retry": "2", "re tried": "2", "tried again": "2",
      "first": "1", "1st": "1", "second": "2", "2nd": "2", "third": "3", "3rd": "3", "fourth": "cancelled",
      "4th": "cancelled", "final": "cancelled", "last": "cancelled", "once": "1", "twice": "2", "two": "2",
      "2": "2", "three": "3", "3": "3", "thrice": "3", "1": "1", "4": "cancelled", "four": "cancelled"}
#: A retry to come, with Kartra's three days (kartra-recurring.md): "lo volverán a intentar en 3 días",
#: "jullie het over drie dagen opnieuw proberen", "három nap múlva újra próbálják": the first failure.
_RETRY_WORDS = re.compile(
    r"(?<!\w)(?:retry|retried|try (?:\w+ )?again|attempt to charge(?: \w+){0,5} again|volver\w* a intentar\w*|"
    r"reintentar\w*|opnieuw (?:\w+ )?proberen|"
    r"proberen het(?: \w+){0,4} opnieuw|probeert het(?: \w+){0,4} opnieuw|"
    r"het(?: \w+){0,7} opnieuw (?:probeert|proberen)|"
    r"opnieuw geprobeerd|probeert het opnieuw|erneut versucht|nochmal versucht|noch einmal versucht|erneut abgebucht|"
    r"versuchen es erneut|versuchen(?: \w+){1,7} erneut|proberen(?: \w+){1,7} opnieuw|"
    r"retent\w*|réessay\w*|nouvelle tentative|ritent\w*|riprover\w*|tentar\w* novamente|"
    r"tentar\w* de novo|intentar\w* de nuevo|intentar\w* nuevamente|nova tentativa|"
    r"spróbuj\w* ponownie|ponown\w*|försök\w* igen|dras igen|újra (?:meg)?próbál\w*|"
    r"tekrar dene\w*|yeniden dene\w*|forsøk\w* igjen|prøv\w* igjen|prøve\w* igen|yrit\w*(?: \w+)? uudelleen|"
    r"zkus\w* znovu|ponovno posku\w*|повтор\w*|снова попыта\w*|încerca din nou|på nytt|på ny|"
    r"mencoba lagi|coba lagi|dicoba lagi|dicoba kembali|cuba lagi)(?!\w)|"
    r"再試行|再度試行|再度お支払い|再度決済|再度請求|重试|重試|再請求|再扣|再次扣款|重新扣款|再次扣|"
    r"다시 결제를 시도|다시 시도|재시도")
_THREE_DAYS = re.compile(
    r"(?<!\w)(?:3|three|drei|trois|tres|tre|três|drie|trzy|három|kolme|tři|три|üç|tri) (?:\w+ )?(?:days?|tagen?|jours?|"
    r"días|dias|giorni|dagen|dni|dagar|dage|dager|nap|päivän|päivää|dny|дня|дней|gün|zile)(?!\w)|"
    r"(?<!\w)(?:in|within|over|en|dans|tra|fra|em|za|om|om|után|după)? ?(?:3|three|drei|trois|tres|tre|três|drie|trzy) "
    r"(?:days?|tagen|jours|días|dias|giorni|dagen|dni|dagar)(?!\w)|3日後|三日後|3天后|三天后|3일 후|3일후|"
    r"kolmen päivän|"
    r"(?<!\w)(?:3|tiga) hari(?!\w)")

#: Patterns that state their attempt outright (a retry still to come is 1, a retry failing too is 2),
#: rather than by the count word their first group holds.
_STATES: dict[re.Pattern[str], str] = {}


def _states(attempt: str, pattern: str) -> re.Pattern[str]:
    compiled = re.compile(pattern)
    _STATES[compiled] = attempt
    return compiled


_ORD = r"(first|1st|second|2nd|third|3rd|fourth|4th|final|last)"
_NOUN = r"(?:attempt|try|retry|charge|payment|renewal|rebill|re bill|charge attempt|payment attempt)s?"
_FAILED = r"(?:failed|bounced|declined|was declined|got declined|didnt go through|did not go through|was refused)"
_PATTERNS = [
    # "attempt 2 of 4 failed", Stripe's and Kartra's own wording
    re.compile(r"(?<!\w)(?:attempt|retry) ([1-4]) (?:of|out of) (?:4|four)(?!\w)"),
    # "attempt 4/4 failed" in a log (the slash is gone when normalised)
    re.compile(r"(?<!\w)(?:attempt|retry) ([1-4]) 4 (?:failed|declined|bounced|unsuccessful)(?!\w)"),
    # "the third failed renewal", "her second unsuccessful attempt"
    re.compile(rf"(?<!\w){_ORD} (?:failed|unsuccessful|declined|bounced) {_NOUN}(?!\w)"),
    # "the second attempt failed", "the third retry was declined"
    re.compile(rf"(?<!\w){_ORD} (?:attempt|try|retry|charge attempt|payment attempt|rebill attempt)s? "
               rf"(?:\w+ ){{0,9}}?{_FAILED}"),
    # "when Kartra retried on the 6th it failed again", "bounced again on the retry", "two failures now"
    re.compile(r"(?<!\w)(retried|retry|re tried|tried again)(?: \w+){0,6}? (?:failed|bounced|declined) "
               r"(?:again|as well|too)(?!\w)"),
    re.compile(r"(?<!\w)(?:failed|bounced|declined) again on the (retry)(?!\w)"),
    re.compile(rf"(?<!\w)(?:failed|bounced|declined)(?: again)? on the {_ORD} (?:try|attempt|retry)(?!\w)"),
    re.compile(r"(?<!\w)(two|2|three|3) (?:failures|failed attempts|failed payments|failed charges|declines|"
               r"failed tries|failed rebills|failed renewals)(?!\w)"),
    # "it failed again. That was our second attempt." (Kartra's notice to the buyer)
    re.compile(rf"(?:that|this|it) (?:was|is) (?:our|the|its|your|their) {_ORD} (?:attempt|try|retry)(?!\w)"),
    re.compile(rf"(?<!\w){_ORD} (?:failure|fail|failed charge)(?!\w)"),
    # "That's twice now." after a failed renewal
    re.compile(r"(?<!\w)(?:that s|thats|it s|its|now) (twice|(?:two|three) times)(?: now| already)?(?!\w)"),
    # "Kartras Wiederholung hat auch nicht geklappt": the retry failed too, in the reply languages
    _states("2", r"(?<!\w)(?:wiederholung|erneute versuch|nouvelle tentative|reintento|nuevo intento|nuovo tentativo|"
               r"nova tentativa|nieuwe poging|ponowna próba|nytt försök)\w*(?: \w+){0,6}? (?:auch|aussi|también|anche|"
               r"também|ook|też|också)(?: \w+){0,2}? (?:nicht|pas|no|non|não|niet|nie|inte|échoué|fallado|fallito|"
               r"falhou|mislukt|misslyckades)"),
    _states("2", r"再試行[^。、]{0,12}も失敗"),  # "Kartraの再試行（3日後）も失敗": the retry failed too
    # "propala je i druga mjesečna naplata": the second one failed as well (Croatian's "i" before the ordinal)
    _states("2", r"(?<!\w)propal\w* (?:je )?i drug\w+ (?:\w+ )?(?:naplat|uplat|plaćanj|rat)\w*"),
    # "la 3e tentative sur 4", "el 2º intento de 4": the ordinal before the noun
    re.compile(r"(?<!\w)([1-4])(?:e|ème|eme|º|°|o|a|te|de)? (?:tentative|intento|tentativo|tentativa|versuch|"
               r"poging|próba|försök|attempt)s? (?:\w+ )?(?:sur|de|di|von|van|z|av|of) "
               r"(?:4|quatre|cuatro|quattro|quatro|vier|fyra|four)(?!\w)"),
    # Kartra's "attempt 2 of 4" in the seller's language
    re.compile(r"(?<!\w)(?:versuch|tentative|intento|tentativo|tentativa|poging|próba|försök) ([1-4]) "
               r"(?:von|sur|de|di|van|z|av|of) (?:4|vier|quatre|cuatro|quattro|quatro|czterech|fyra)(?!\w)"),
    # "the second monthly charge bounced too": a repeat failure of the recurring charge
    re.compile(rf"(?<!\w){_ORD} (?:monthly |recurring |subscription |renewal |membership )?{_NOUN} "
               rf"(?:\w+ ){{0,6}}?{_FAILED} (?:too|again|as well|also)(?!\w)"),
    # "the renewal has failed twice", "declined three times", "failed for the third time"
    re.compile(r"(?:renewal|rebill|subscription|payment|charge|membership|installment|it)s? (?:\w+ ){0,2}?"
               r"(?:failed|bounced|declined|been declined|been refused) (?:\w+ )?"
               r"(twice|thrice|(?:two|three|2|3) times)(?!\w)"),
    re.compile(rf"(?:failed|bounced|declined) (?:again )?for the {_ORD} time(?!\w)"),
    # "the invoice bounced twice", "the installment was declined two times now"
    re.compile(r"(?:invoice|plan|installment|instalment)s? (?:\w+ ){0,2}?(?:failed|bounced|declined|been declined)"
               r" (?:\w+ )?(twice|thrice|(?:two|three|2|3) times)(?!\w)"),
    # "rebill failed 3x", "failed payments: 2 of 4" (Kartra's subscription page)
    re.compile(r"(?:failed|bounced|declined) (?:\w+ )?([23])x(?!\w)"),
    re.compile(r"(?<!\w)failed (?:payments|attempts|charges|rebills) ([1-4]) (?:of|out of) (?:4|four)(?!\w)"),
    # Stripe's invoice field: invoice.attempt_count, in a webhook, a log or the Dashboard's JSON
    re.compile(r"(?<!\w)attempt_count (?:is |of |was |= ?|: ?)?([1-4])(?!\w)"),
    re.compile(r"^ ?attempt count ([1-4])(?!\w)"),
    # the Dashboard's invoice page, a line of its own: "Attempts: 3"
    re.compile(r"^ ?(?:attempts|payment attempts|retry attempts|failed attempts) ([1-4])(?: |$)"),
    # "it's failed three times in a row", "declined 2 times running"
    re.compile(r"(?:failed|bounced|declined) (twice|(?:two|three|2|3) times) (?:in a row|running|straight|now|so far|"
               r"already)(?!\w)"),
    # "Kartra says it will retry in three days": the first failure, a retry to come (no count: 1)
    _states("1", r"(?<!\w)(?:kartra|stripe|it|the system|they) (?:\w+ )?(?:will|ll|is going to|is scheduled to) "
               r"(?:automatically )?(?:retry|try again|re try|attempt it again)(?!\w)"),
    # "we will try the charge again in three days", "We will retry this payment": the seller's notice, a payment named
    # ("we'll" is "well" once the apostrophe is gone)
    _states("1", r"(?<!\w)(?:(?:kartra|stripe|it|the system|they|we|you) (?:\w+ )?"
               r"(?:will|ll|is going to|is scheduled to|"
               r"are going to)|well|theyll|itll) (?:automatically )?(?:(?:try|attempt|retry) (?:the|this|your|that) "
               r"(?:charge|payment|renewal|card)(?: \w+)? again|"
               r"retry (?:the|this|your) (?:charge|payment|renewal))(?!\w)"),
    # "it would be retried in a few days", "de betaling wordt later opnieuw geprobeerd", "tekrar deneyecek"
    _states("1", r"(?<!\w)(?:would|will|is going to) be (?:retried|re tried|tried again|re attempted)(?!\w)"),
    # Kartra's notice: "A new attempt will be made automatically in 3 days"
    _states("1", r"(?<!\w)(?:a new|another|a further) (?:payment |charge )?attempt will be made(?!\w)"),
    # "Kartra transactions show 2 of 4 attempts failed"
    re.compile(r"(?<!\w)([1-3]) (?:of|out of) (?:4|four) (?:\w+ )?(?:attempts|tries|retries|payments|charges)"
               r"(?: have| has)? (?:failed|declined|bounced)(?!\w)"),
    _states("1", r"(?<!\w)(?:opnieuw wordt geprobeerd|wordt (?:\w+ )?opnieuw geprobeerd|tekrar deneyece\w*|"
               r"erneut versucht wird|sera retenté|sera réessayé|se reintentará|verrà ritentato|será tentado novamente|"
               r"kommer att dras igen|zostanie ponowion\w*|görs ett nytt försök|ett nytt försök görs|"
               r"kommer att göras ett nytt försök|görs nytt försök)"),
    # ... in the reply languages: "Kartra va a reintentar el cobro", "Kartra wird es erneut versuchen"
    _states("1", r"(?<!\w)kartra (?:\w+ ){0,5}?(?:va a reintentar|volverá a intentar|reintentará|"
               r"wird es erneut versuchen|versucht es erneut|wird erneut|va réessayer|réessaiera|va retenter|"
               r"riproverà|ritenterà|vai tentar novamente|tentará novamente|vai tentar de novo|"
               r"zal het opnieuw proberen|probeert het opnieuw|spróbuje ponownie|ponowi|kommer att försöka igen|"
               r"försöker igen|(?:ska|kommer att) (?:\w+ ){0,3}?försöka(?: \w+){0,3}? igen)(?!\w)"),
]

#: "twice", "for the second time", "the second attempt" in the languages the replies cover: read with a
#: failure word in the same sentence ("le prélèvement a échoué deux fois", "zum zweiten Mal abgelehnt").
_COUNTS = {
    "2": r"twice|two times|2 times|second time|2nd time|drugi raz|po raz drugi|zum zweiten|deuxième fois de suite"
         r"|zwei fehlgeschlagene|zwei fehlgeschlagenen|twee mislukte|deux échecs|dos fallidos|due falliti"
         r"|deux fois|deuxième fois|deuxième tentative|second essai|zweimal|zwei mal|zum zweiten mal|zweiten versuch"
         r"|zweite versuch|zweiten? (?:\w+ )?versuch|zweiten? \w*(?:abbuchung|zahlung|lastschrift|abrechnung)\w*"
         r"|dos veces|por segunda vez|segunda vez|segundo intento|due volte|per la seconda volta|secondo tentativo"
         r"|duas vezes|pela segunda vez|segunda tentativa|twee keer|tweemaal|voor de tweede keer|tweede poging"
         r"|tweede mislukte (?:poging|betaling|incasso)"
         r"|dwa razy|dwukrotnie|po raz drugi|druga próba|druga nieudana próba|seconda volta|två gånger"
         r"|för andra gången|andra gången|andra försöket|2回目|二回目|2度目"
         # ... in Stripe's other locales
         r"|второй раз|во второй раз|дважды|ikinci kez|ikinci defa|iki kez|anden gang|andre gang|to gange|toisen kerran"
         r"|toista kertaa|a doua încercare"
         r"|kahdesti|podruhé|druhýkrát|dvakrát|a doua oară|de două ori|δεύτερη φορά|drugi put|dvaput"
         r"|antrą kartą|втори път|за втори път|otro reizi|divreiz|teist korda|kedua kalinya|"
         r"kali kedua|lần thứ hai|두 번째|두번째|másodszor"
         r"|második alkalommal|kétszer",
    "3": r"thrice|three times|3 times|third time|3rd time|trzeci raz|zum dritten|3 \w*versuch\w*"
         r"|trois fois|troisième fois|troisième tentative|dreimal|drei mal|zum dritten mal|dritten versuch"
         r"|dritte versuch|dritten? (?:\w+ )?versuch|dritten? \w*(?:abbuchung|zahlung|lastschrift|abrechnung)\w*"
         r"|tres veces|por tercera vez|tercer intento|tre volte|per la terza volta|terzo tentativo"
         r"|três vezes|tres vezes|pela terceira vez|terceira tentativa|drie keer|driemaal|voor de derde keer"
         r"|derde poging|derde mislukte (?:poging|betaling|incasso)|trzecia nieudana próba|trzecia nieudana"
         r"|trzy razy|trzykrotnie|po raz trzeci|trzecia próba|tre gånger|för tredje gången"
         r"|tredje försöket|tredje gången|3回目|三回目|3度目"
         r"|третий раз|в третий раз|трижды|üçüncü kez|üçüncü defa|üç kez|tredje gang|tre gange|tre ganger"
         r"|kolmannen kerran|a treia încercare"
         r"|kolmatta kertaa|potřetí|tretíkrát|třikrát|trikrát|a treia oară|de trei ori|τρίτη φορά"
         r"|treći put|трети път|за трети път|triput|trečią kartą|trešo reizi|trīsreiz|kolmandat korda|"
         r"ketiga kalinya|kali ketiga|lần thứ ba"
         r"|세 번째|세번째|harmadszor|harmadik alkalommal|háromszor",
}
#: Japanese counts sit between other characters (no word boundaries): "更新決済が2回目も失敗".
_CJK = {"2": r"2回目|二回目|2度目|二度目|2回失敗|二回失敗|2度失敗|"
             r"二度失敗|2回も失敗|2回続けて|二回続けて|2回連続|二回連続|失敗が2件|2件の失敗|"
             r"再試行[^。、]{0,12}も失敗|再試行でも失敗|第二次|第2次|两次|兩次|ครั้งที่สอง|รอบที่สอง|รอบที่ 2|ครั้งที่ 2",
        "3": r"3回目|三回目|3度目|三度目|3回失敗|三回失敗|3度失敗|"
             r"三度失敗|3回も失敗|3回続けて|三回続けて|3回連続|三回連続|第三次|第3次|三次|ครั้งที่สาม|รอบที่สาม|"
             r"รอบที่ 3|ครั้งที่ 3"}
#: ... and only of a recurring payment: "probé dos veces" is the customer trying again, not Kartra's retry.
_RECURRING = re.compile(
    r"(?<!\w)(?:prélèvement\w*|abonnement\w*|mensualit\w*|renouvellement|abo|abos|monatsabos?|"
    r"jahresabos?|abonnements?|abbuchung\w*|"
    r"lastschrift\w*|mitglied\w*|verlängerung|suscripci\w*|cuota\w*|mensualidad\w*|renovaci\w*|domiciliaci\w*|"
    r"abbonament\w*|rinnovo|rata|rate|addebit\w*|assinatura\w*|mensalidade\w*|renovação|recorrente|incasso\w*|"
    r"termijn\w*|lidmaatschap\w*|verlenging\w*|maandelijks\w*|subskrypc\w*|abonament\w*|odnowien\w*|raty|"
    r"prenumeration\w*|medlemskap\w*|förnyelse\w*|autogiro|cykliczn\w*|miesi[eę]czn\w*|"
    r"\w+abbuchung\w*|\w+abonnement\w*|månadsbetalning\w*|"
    r"abonnemang\w*|månadsabonnemang\w*|fee|monthly|subscrição|subscricao|parcela\w*|mensual\w*|"
    r"mensuel\w*|mensile\w*|mensili|mensal\w*|"
    r"monatlich\w*|monats\w*|raten\w*|"
    r"renewals?|rebills?|subscriptions?|memberships?|installments?|instalments?|monthly payments?|monthly charges?|"
    r"recurring payments?|dues|payment plan|"
    # Stripe's other locales
    r"подписк\w*|ежемесячн\w*|абонемент\w*|абонамент\w*|месечн\w*|продлени\w*|abonelik\w*|aylık|"
    r"üyelik\w*|månedlig\w*|medlemskab\w*|"
    r"fornyelse\w*|tilau\w*|kuukausi\w*|jäsenyy\w*|předplatné\w*|predplatné\w*|měsíční\w*|mesačn\w*|členstv\w*|"
    r"lunar\w*|συνδρομ\w*|μηνιαί\w*|pretplat\w*|mjesečn\w*|članarin\w*|prenumerat\w*|mėnesin\w*|narystė\w*|"
    r"abonement\w*|mēneša|ikmēneša|tellimus\w*|kuumakse\w*|igakuu\w*|igakui\w*|langganan|bulanan|keanggotaan|định kỳ|"
    r"hàng tháng|구독|정기 결제|멤버십|előfizet\w*|havi|tagság\w*)(?!\w)")
#: The second (third) payment by its ordinal, failing too: "de tweede maandelijkse betaling is ook mislukt",
#: "her card bounced again on the second try". (A plan's numbered installment, "la seconda rata", is no count.)
_ORDINAL_AGAIN = {
    "2": re.compile(r"(?<!\w)(?:tweede (?:\w+ )?(?:betaling|incasso|afschrijving|poging)|deuxième (?:\w+ )?"
                    r"(?:prélèvement|paiement|tentative)|segundo (?:\w+ )?(?:cobro|pago|intento|pagamento|débito)|"
                    r"secondo (?:\w+ )?(?:addebito|pagamento|tentativo)|druga (?:\w+ )?(?:płatność|próba)|"
                    r"andra (?:\w+ )?(?:betalningen|dragningen)|zweite (?:\w+ )?(?:zahlung|abbuchung|versuch)|"
                    r"втор\w+ (?:\w+ )?(?:оплат\w*|платеж\w*|списани\w*|попытк\w*)|"
                    r"drug\w+ (?:\w+ )?(?:naplat\w*|uplat\w*|plaćanj\w*|rat\w*|pokušaj\w*))(?!\w)"),
    "3": re.compile(r"(?<!\w)(?:derde (?:\w+ )?(?:betaling|incasso|afschrijving|poging)|troisième (?:\w+ )?"
                    r"(?:prélèvement|paiement|tentative)|tercer (?:\w+ )?(?:cobro|pago|intento)|terceiro pagamento|"
                    r"terzo (?:\w+ )?(?:addebito|pagamento|tentativo)|trzecia (?:\w+ )?(?:płatność|próba)|"
                    r"tredje (?:\w+ )?(?:betalningen|dragningen)|dritte (?:\w+ )?(?:zahlung|abbuchung|versuch)|"
                    r"трет\w+ (?:\w+ )?(?:оплат\w*|платеж\w*|списани\w*|попытк\w*)|"
                    r"treć\w+ (?:\w+ )?(?:naplat\w*|uplat\w*|plaćanj\w*|rat\w*|pokušaj\w*))(?!\w)"),
}
_TOO = re.compile(r"(?<!\w)(?:ook|auch|aussi|también|anche|também|też|också|wieder|again|too|also|encore|de nuevo|"
                  r"di nuovo|opnieuw|weer|igen|ponownie|тоже|также|снова|опять|također|opet|ponovno)(?!\w)")
_COUNT_PATTERNS = [(n, re.compile(rf"(?<!\w)(?:{words})(?!\w)|{_CJK[n]}")) for n, words in _COUNTS.items()]
_FAILED_ELSEWHERE = re.compile(
    r"(?<!\w)(?:échou\w*|refus\w*|rejet\w*|fehlgeschlagen\w*|gescheitert|abgelehnt|zurückgewiesen|"
    r"geplatzt|fall\w*|rechaz\w*|"
    r"non è andat\w*|rifiutat\w*|non (?:è )?passat\w*|falh\w*|recusad\w*|não passou|mislukt\w*|geweigerd|afgewezen|"
    r"fejle\w*|feile\w*|"
    r"nie udał\w*|odrzucon\w*|nieudan\w*|non va a buon fine|misslyck\w*|nekad\w*|gick inte igenom|"
    r"nie przeszł\w*|nie powiodł\w*|geplatzt|nicht durchgegangen|ging nicht durch|nicht geklappt|"
    r"non è passat\w*|non è andat\w*|n est pas passé\w*|pas passé\w*|"
    r"afgewezen|mislukt|"
    r"failed|bounced|declined|rejected|refused|didnt go through|did not go through|no se pudo|no pudo|n ?a pas pu|"
    r"konnte nicht|non è stato possibile|non si è potuto|não foi possível|não pôde|kon niet|nie można|"
    r"kunde inte|не прош\w*|не проход\w*|отклон\w*|не удал\w*|başarısız|reddedil\w*|geçmedi|alınamadı|çekilemedi|"
    r"tahsil edilemedi|yapılamadı|gerçekleşmedi|afvist|avvist|mislykke\w*|"
    r"gik ikke igennem|gikk ikke gjennom|epäonnistu\w*|hylät\w*|ei mennyt läpi|selhal\w*|zamítnut\w*|neprošl\w*|"
    r"neprešl\w*|odmietnut\w*|zlyhal\w*|eșua\w*|respins\w*|nu a trecut|nu trece|απέτυχε|απορρίφθηκε|nije prošl\w*|"
    r"odbijen\w*|neuspješn\w*|nepavyk\w*|atmest\w*|neizdevās|noraidīt\w*|ebaõnnestu\w*|tagasi lükat\w*|"
    r"ei läinud läbi|не мина|не минава|propal\w*|gagal|ditolak|thất bại|bị từ chối|không thành công|"
    r"실패|거절|sikertelen|elutasít\w*|"
    r"nem sikerült)(?!\w)")
_FAILED_CJK = re.compile(r"失敗|失败|拒否|拒绝|拒絕|できませんでした|ไม่สำเร็จ|ถูกปฏิเสธ|ไม่ผ่าน")
_RECURRING_CJK = re.compile(r"定期|サブスク|月額|更新|継続|会費|引き落とし|毎月|续费|續費|扣款|会员|會員|"
                            r"订阅|訂閱|月度|"
                            r"รายเดือน|สมาชิก|ต่ออายุ")
#: ... and not a person's own tries or letters: "she tried twice", "the third time I write about it".
_PERSON_TRIES = re.compile(
    r"(?<!\w)(?:i|she|he|they|we|customer|client|buyer|member|student) (?:\w+ )?(?:tried|try|tries|attempted)(?!\w)"
    r"|(?:time|times) (?:that )?(?:i|im|i am|we|she|he) (?:\w+ )?(?:writ|contact|email|ask|call|report)\w*"
    r"|(?<!\w)(?:probé|probe|essayé|(?<!kartra )(?<!stripe )versucht|intenté|tentei|provato|geprobeerd|"
    r"próbował\w*|försökt\w*)(?!\w)")
_CANCEL_WORDS = (r"gekündigt|storniert|beendet|annulé\w*|résilié\w*|cancel\w*|annullat\w*|disdett\w*|opgezegd|"
                 r"dio de baja|dada de baja|avbr\w*|"
                 r"geannuleerd|stopgezet|anulowan\w*|anulował\w*|avslutad\w*|avslutat\w*|uppsagd\w*|"
                 r"kansellert|annullert|avsluttet|opsagt|"
                 r"annulleret|iptal edil\w*|peruttu|perutt\w*|zrušen\w*|zrušil\w*|отмен\w*|törölt\w*|"
                 r"lemondt\w*|anulat\w*|"
                 r"dibatalkan|"
                 r"otkazan\w*|otkazal\w*|atšaukt\w*|atcelt\w*|tühistat\w*|preklican\w*|ακυρώθηκε|анулиран\w*|bị hủy|"
                 r"đã hủy")
_LAST_TRY = (r"nach dem letzten versuch|après la dernière tentative|tras el último intento|después del último intento|"
             r"dopo l ?ultimo tentativo|depois da última tentativa|depois de a última tentativa|"
             r"após a última tentativa|na de laatste poging|"
             r"po ostatniej próbie|po ostatniej(?: \w+)? próbie|viimeinenkin maksuyritys|viimeinen maksuyritys|"
             r"selepas percubaan bayaran terakhir|negyedik sikertelen próbálkozás után|efter sista försöket|"
             r"efter det sista försöket|efter att den sista|"
             r"sista dragningen|sista dragningsförsöket|na de laatste incassopoging|"
             r"laatste incassopoging|après la dernière tentative de prélèvement|etter siste forsøk|"
             r"efter sidste forsøg|son denemeden sonra|viimeisen yrityksen jälkeen|"
             r"после последней попытки|az utolsó(?: \w+)? próbálkozás után|po posledním(?: \w+)? pokusu|"
             r"după ultima încercare|setelah percobaan terakhir|"
             r"selepas percubaan terakhir|setelah percobaan pembayaran terakhir|"
             r"pēc pēdējā(?: \w+){0,2} mēģinājuma|pärast viimast(?: \w+){0,2} (?:katset|makset)|"
             r"nakon zadnjeg pokušaja|nakon posljednjeg pokušaja|"
             r"po paskutinio bandymo|pärast viimast katset|po zadnjem(?: \w+)? poskusu|después de la última|"
             r"tras la última|po poslednom pokuse|"
             # after the fourth (failed) try, the last of Kartra's four
             r"po štvrtom(?: \w+)? pokuse|po čtvrtém(?: \w+)? pokusu|nach dem vierten(?: \w+)? versuch|"
             r"après la quatrième(?: \w+)? tentative|tras el cuarto(?: \w+)? intento|dopo il quarto(?: \w+)? tentativo|"
             r"após a quarta(?: \w+)? tentativa|depois da quarta(?: \w+)? tentativa|na de vierde(?: \w+)? poging|"
             r"po czwartej(?: \w+)? próbie|efter det fjärde(?: \w+)? försöket|"
             r"after the fourth(?: \w+)? (?:attempt|try)|"
             r"po četrtem(?: \w+)? poskusu|nakon četvrtog(?: \w+)? pokušaja|"
             r"μετά την τελευταία προσπάθεια|след последния опит|sau lần thử cuối|sau lần thử cuối cùng|"
             # every try made (beside a cancellation): "Kartra ha fatto tutti i tentativi e anche l'ultimo è fallito"
             r"tutti i tentativi|anche l ?ultimo(?: tentativo)? è fallito|todos los intentos|todas as tentativas|"
             r"toutes les tentatives|alle versuche|alle pogingen|wszystkie próby|alla försök|all the attempts|"
             r"all four attempts|every attempt")
#: several failures in a row, in English and the reply languages (with a cancellation: the end of the cycle)
_SEVERAL_FAILED = (r"(?:after|following) (?:several|multiple|repeated|four|4) (?:attempts|tries|retries)|"
                   r"(?:several|multiple|repeated|many) (?:failed|declined|unsuccessful) (?:\w+ )?"
                   r"(?:payments?|charges?|attempts?|renewals?|tries)|"
                   r"(?:several|multiple|repeated) (?:payment )?failures|"
                   r"(?:plusieurs|multiples) (?:échecs|tentatives échouées|prélèvements (?:refusés|échoués))|"
                   r"mehreren (?:fehlgeschlagenen|gescheiterten|abgelehnten)|mehrere(?:n)? (?:fehlversuch\w*)|"
                   r"varios (?:cobros|pagos|intentos) (?:fallidos|rechazados)|"
                   r"(?:diversi|vari|ripetuti) (?:tentativi|addebiti|pagamenti) (?:falliti|rifiutati|non riusciti)|"
                   r"(?:várias|vários) (?:tentativas|cobranças|pagamentos) (?:falhadas|falhados|falhas|recusad\w*)|"
                   r"meerdere (?:mislukte|geweigerde) (?:betalingen|incasso\w*|pogingen)|"
                   r"kilku (?:nieudanych|odrzuconych) (?:płatnościach|próbach|płatności)|"
                   r"flera (?:misslyckade|nekade) (?:betalningar|dragningar|försök)|"
                   # "mijn abonnement is meerdere keren mislukt en nu is het opgezegd": failing several times
                   r"(?:several|multiple|many) times|repeatedly|meerdere keren (?:\w+ )?(?:mislukt|geweigerd)|"
                   r"mehrmals (?:\w+ )?(?:fehlgeschlagen|abgelehnt)|plusieurs fois|varias veces|più volte|"
                   r"várias vezes|kilka razy|flera gånger")
_FOUR = (r"(?:four|4|vier|quatre|cuatro|quattro|quatro|cztery|fyra|fire|neljä|čtyřikrát|čtyři|štyri|négy|patru|"
         r"četiri|keturis|četri|neli|štiri|empat|dört|четыре)")
_TIMES = (r"(?:keer|times|fois|veces|volte|vezes|razy|gånger|gange|ganger|kertaa|krát|alkalommal|ori|puta|kartus|"
          r"reizes|korda|krat|kali|kez|раза|mal)")
_CANCELLED = [
    re.compile(r"(?<!\w)(?:cancel+ed|terminated)(?: \w+){0,4} (?:after|following) (?:the |its |her |his |their |a )?"
               r"(?:last|final|fourth|4th|4) (?:try|attempt|retry|failed payment|failed attempt|payment attempt|"
               r"failed charge|charge)s?(?!\w)"),
    re.compile(r"(?:subscription|membership|plan) (?:\w+ ){0,3}?(?:got|was|has been|is|been) cancel+ed "
               r"(?:\w+ ){0,4}?(?:after|because|due to|when) (?:\w+ ){0,7}?(?:failed|declined|retries|attempts|tries|"
               r"retry|attempt|try)"),
    re.compile(r"(?:all|every|each) (?:\w+ )?(?:four|4) (?:attempts|retries|tries) (?:\w+ ){0,2}?failed"),
    # "four failed payment entries for the sub, and status now shows Cancelled"
    re.compile(r"(?:four|4) failed (?:\w+ ){0,2}?(?:entries|payments|attempts|charges|rebills|rows|lines|records|"
               r"transactions)(?: \w+){0,30}? cancel+ed"),
    # "Kartra tried again three more times over the next days and then cancelled her plan"
    re.compile(r"(?:three|3|four|4) (?:more )?(?:times|attempts|retries|tries)(?: \w+){0,8}? cancel+ed"),
    # "nach dem letzten Versuch gekündigt", "cancelada tras el último intento", in the reply languages
    re.compile(rf"(?:{_CANCEL_WORDS})(?: \w+){{0,8}}? (?:{_LAST_TRY})"),
    re.compile(rf"(?:{_LAST_TRY})(?: \w+){{0,8}}? (?:{_CANCEL_WORDS})"),
    re.compile(r"最後の(?:再試行|試行|請求).{0,20}?(?:キャンセル|解約)"),
    # "vier keer mislukt en nu is mijn abonnement stopgezet": the four tries of the cycle, then the end
    re.compile(rf"(?<!\w){_FOUR} {_TIMES}(?: \w+){{0,10}}? (?:{_CANCEL_WORDS})"),
    re.compile(rf"(?:{_CANCEL_WORDS})(?: \w+){{0,8}}? {_FOUR} {_TIMES}(?!\w)"),
    # "cancelada depois de quatro tentativas", "nach vier fehlgeschlagenen Versuchen gekündigt"
    re.compile(rf"(?:{_CANCEL_WORDS}|cancelad\w*|cancelat\w*)(?: \w+){{0,4}}? "
               r"(?:quatro|vier|quatre|cuatro|quattro|cztery|czterech|fyra|4) (?:\w+ )?"
               r"(?:tentativas|versuche\w*|tentatives|intentos|tentativi|pogingen|prób|próbach|försök)"),
    re.compile(r"(?:quatro|vier|quatre|cuatro|quattro|cztery|czterech|fyra|4) (?:\w+ )?(?:tentativas|versuche\w*|"
               rf"tentatives|intentos|tentativi|pogingen|prób|próbach|försök)(?: \w+){{0,6}}? (?:{_CANCEL_WORDS}|"
               r"cancelad\w*)"),

    # Stripe's own word for it: a subscription deleted with "cancellation_details": {"reason": "payment_failed"}
    re.compile(r"(?<!\w)(?:cancellation_details reason|cancellation reason) payment_failed(?!\w)"),
    # "Kartra retried her payment three times and then cancelled the subscription"
    re.compile(r"(?:retried|retries|attempts|tries|tried) (?:\w+ ){0,4}?(?:three|3|four|4) times "
               r"(?:\w+ ){0,4}?cancel+ed"),
    # "after the last one the subscription got cancelled automatically"
    re.compile(r"(?<!\w)(?:after|following) the (?:last|final) (?:one|try|attempt|retry|charge)(?: \w+){0,4}? "
               r"(?:got |was |been |is )?cancel+ed(?!\w)"),
    # "it says it tried 4 times and gave up"
    re.compile(r"(?<!\w)(?:it|kartra|stripe|the system) (?:\w+ )?(?:retried|tried|attempted|charged) (?:\w+ ){0,3}?"
               r"(?:three|3|four|4) times (?:and |then |before )"
               r"(?:\w+ ){0,2}?(?:gave up|giving up|stopped|cancel+ed|quit)"),
    re.compile(r"(?:subscription|membership|plan) (?:\w+ ){0,3}?(?:got|was|has been|is|been) cancel+ed "
               r"(?:\w+ ){0,3}?(?:for|because of|due to|after) (?:\w+ ){0,2}?(?:non ?payment|unpaid|missed payments?)"),
]


#: ... said of a subscription (the sentence names one): "cancelled the webinar after several failed attempts" is not
_CANCELLED_SUBSCRIPTION = [
    # "annulé après plusieurs échecs de paiement", "nach mehreren fehlgeschlagenen Abbuchungen gekündigt"
    re.compile(rf"(?:{_CANCEL_WORDS})(?: \w+){{0,6}}? (?:{_SEVERAL_FAILED})"),
    re.compile(rf"(?:{_SEVERAL_FAILED})(?: \w+){{0,6}}? (?:{_CANCEL_WORDS})"),
    # "cancelled because the renewal kept failing", "kept getting declined and then got cancelled"
    re.compile(rf"(?:{_CANCEL_WORDS})(?: \w+){{0,8}}? kept (?:failing|bouncing|getting declined|being declined)"),
    re.compile(r"kept (?:failing|bouncing|getting declined|being declined)(?: \w+){0,8}? cancel+ed"),
]


#: ... and a retry of something else: "Kartra will retry sending the broadcast", "Stripe will retry delivery"
_NOT_A_PAYMENT = re.compile(r"(?<!\w)(?:sending|send|delivery|delivering|deliveries|webhooks?|endpoint|broadcasts?|"
                            r"emails?|e mails?|newsletters?|bounces|soft bounced|addresses|uploads?|imports?|sync\w*|"
                            r"requests?|login|log in|deliver\w*|courier|parcels?|packages?|shipments?)(?!\w)")

#: What is retried when no payment is named anywhere: a webhook, a broadcast, a sync
_OTHER_THING = re.compile(r"(?<!\w)(?:webhooks?|endpoints?|deliver\w*|broadcasts?|newsletters?|sync\w*|imports?|"
                          r"uploads?)(?!\w)")

_A_PAYMENT = re.compile(r"(?<!\w)(?:payments?|charges?|cards?|subscriptions?|renewals?|rebills?|invoices?|billing|"
                        r"memberships?|installments?|instalments?|paiement\w*|zahlung\w*|pagos?|pagamento\w*|"
                        r"betaling\w*|płatnoś\w*|platnos\w*|betalning\w*|cobro\w*|addebit\w*|cobrança\w*)(?!\w)")


def read(sentence_norm: str, retry_to_come: bool = False, recurring_before: bool = False) -> str | None:
    """The attempt a sentence states (normalised: lower case, punctuation gone), or None. PayPal runs its own
    retries (kartra-recurring.md): a sentence about PayPal states no attempt of Kartra's cycle."""
    if "paypal" in sentence_norm:
        return None
    if " last attempt " in sentence_norm:  # the Dashboard's "Last attempt Dec 1": the latest, not the final
        sentence_norm = _LAST_DATED.sub(" latest attempt ", sentence_norm)
    for pat in _CANCELLED:
        if pat.search(sentence_norm):
            return "cancelled"
    if _RECURRING.search(sentence_norm) and any(pat.search(sentence_norm) for pat in _CANCELLED_SUBSCRIPTION):
        return "cancelled"
    for pat in _PATTERNS:
        m = pat.search(sentence_norm)
        if m:
            if pat in _STATES:
                if _STATES[pat] == "1" and _NOT_A_PAYMENT.search(sentence_norm) \
                        and not _A_PAYMENT.search(sentence_norm):
                    continue  # a retry to come of an e-mail or a webhook, not of a payment
                return _STATES[pat]
            said = m.group(1)
            n = _N.get(said) or _N.get(said.split()[0])  # "three times" is "three"
            if n and not (retry_to_come and said in ("last", "final")):
                return n  # ("last attempt Dec 1 failed … Next retry Dec 4": the latest try, not the final one)
    if (_FAILED_ELSEWHERE.search(sentence_norm) or _FAILED_CJK.search(sentence_norm)) \
            and (recurring_before or _RECURRING.search(sentence_norm) or _RECURRING_CJK.search(sentence_norm)) \
            and not _PERSON_TRIES.search(sentence_norm):
        for n, pat in reversed(_COUNT_PATTERNS):
            if pat.search(sentence_norm):
                return n
        if _TOO.search(sentence_norm):
            for n in ("3", "2"):
                if _ORDINAL_AGAIN[n].search(sentence_norm):
                    return n
    if _FUTURE_RETRY.search(sentence_norm) and (_A_PAYMENT.search(sentence_norm) or _RECURRING.search(sentence_norm)
                                                or recurring_before) \
            and not _SELF_RETRY.search(sentence_norm):
        return "1"  # "vão tentar cobrar de novo daqui a alguns dias": Kartra's retry still to come
    if _RETRY_WORDS.search(sentence_norm) and _THREE_DAYS.search(sentence_norm) \
            and not _SELF_RETRY.search(sentence_norm) \
            and not (_NOT_A_PAYMENT.search(sentence_norm) and not _A_PAYMENT.search(sentence_norm)
                     and not recurring_before):  # ("My renewal was declined. I got an email saying you'd retry …")
        return "1"  # a retry to come in Kartra's three days
    return None


#: Kartra's (or the seller's system's) retry to come, in the third person's future of the reply languages
_FUTURE_RETRY = re.compile(
    r"(?<!\w)(?:intentarán|volverán a intentar\w*|reintentarán|volverá a intentar\w*|reintentará|"
    r"van a volver a intentar\w*|va a volver a intentar\w*|"
    r"intentará(?: \w+){0,2} (?:de nuevo|nuevamente)|vão tentar(?: \w+){0,2} (?:de novo|novamente)|tentarão|"
    r"irão tentar|vai tentar(?: \w+){0,2} (?:de novo|novamente)|réessaiera|réessaieront|vont réessayer|"
    r"retentera|retenteront|riproveranno|ritenteranno|riproverà|ritenterà|"
    r"wird (?:\w+ ){0,3}?erneut (?:versucht|abgebucht|eingezogen)|werden (?:\w+ ){0,3}?erneut versuchen|"
    r"zal (?:\w+ ){0,3}?opnieuw (?:proberen|geprobeerd)|zullen (?:\w+ ){0,3}?opnieuw proberen|"
    r"kommer att försöka igen|kommer att dras igen|spróbuje ponownie|spróbują ponownie)(?!\w)")
#: ... the person's own next try, not Kartra's: "I'll try again in three days with another card"
_SELF_RETRY = re.compile(r"(?<!\w)(?:i|ill|i ll|i will|she|he|customer|client|buyer|ich|je|yo|io|eu|ik|jag) "
                         r"(?:\w+ ){0,2}?"
                         r"(?:try|tries|tried|retry|versuche|essaierai|réessaierai|intentaré|proverò|"
                         r"riproverò|tentarei|"
                         r"tento|probeer|försöker)(?!\w)")

_LAST_DATED = re.compile(r" last attempt (?=(?:on |was )?(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))")
#: a retry still to come: the cycle is not over ("Next retry: Dec 4", "next_payment_attempt": 1764892800)
_NEXT_RETRY = re.compile(r"(?<!\w)(?:next retry|next attempt|next payment attempt|next_payment_attempt \d|"
                         r"will retry)(?!\w)")

#: Stripe's paid invoice, normalised ("invoice.paid", "paid": true, "status": "paid")
_PAID_INVOICE = re.compile(r"(?<!\w)(?:invoice paid|invoice payment_succeeded|paid true|status paid)(?!\w)")


def facts(sentences_norm: list[str]) -> tuple[dict[str, Any], str] | None:
    """The furthest point of the retry cycle the sentences state, with the words that said it."""
    if any(_PAID_INVOICE.search(s) for s in sentences_norm):
        return None  # a paid invoice's attempt_count is how many tries it took, not a failure
    if any(_OTHER_THING.search(s) for s in sentences_norm) and not any(
            _A_PAYMENT.search(s) or _RECURRING.search(s) or _RECURRING_CJK.search(s) for s in sentences_norm):
        return None  # "Stripe webhook delivery failed … Stripe will retry": a webhook's retries, no payment named
    order = ["1", "2", "3", "cancelled"]
    best: tuple[str, str] | None = None
    retry_to_come = any(_NEXT_RETRY.search(s) for s in sentences_norm)
    for i, s in enumerate(sentences_norm):
        # "Ihre monatliche Abbuchung ging nicht durch. Jetzt ist auch der zweite Versuch gescheitert."
        prev = sentences_norm[i - 1] if i else ""
        before = bool(_RECURRING.search(prev) or _RECURRING_CJK.search(prev))
        got = read(s, retry_to_come, before)
        if got and (best is None or order.index(got) > order.index(best[0])):
            best = (got, s.strip())
    if best is None or best[0] != "cancelled":
        ended = _ended_in_neighbours(sentences_norm)
        if ended:
            best = ("cancelled", ended)
    if best is None:
        return None
    return {"attempt": best[0], "purchase": "recurring"}, best[1]


_SUB_CANCELLED = re.compile(r"(?:subscription|membership|plan|rebill|renewal)s? (?:\w+ ){0,6}?"
                            r"(?:got|was|has been|is|been|now) cancel+ed(?!\w)"
                            r"|(?:subscription|membership)s? (?:\w+ )?(?:status )?cancel+ed(?!\w)"
                            r"|(?:üyeli\w*|aboneli\w*) (?:\w+ )?iptal edil\w*")
_BEFORE_CANCEL = re.compile(r"(?<!\w)before (?:the |her |his |my |your |their )?(?:subscription|membership|plan)s? "
                            r"(?:is|gets|will be|would be) cancel")
_LAST_FAILED = re.compile(r"(?<!\w)(?:the|its|her|his|their) (?:last|final) (?:payment |charge )?"
                          r"(?:attempt|try|retry|charge attempt)(?!\w)"
                          # "my card failed four times … the system gave up"
                          r"|(?<!\w)(?:failed|declined|bounced)(?: \w+)? (?:four|4) times(?!\w)"
                          r"|(?<!\w)(?:the system|it|kartra|stripe) (?:just )?gave up(?!\w)"
                          # "dört ödeme denemesinin de başarısız": all four attempts failed, in Turkish
                          r"|(?<!\w)dört (?:\w+ )?deneme\w*(?: \w+){0,2} başarısız")
#: a line of a transactions list: a rebill (or renewal) that failed ("2025-02-04  KX-1204  Rebill  $59.00  Failed")
_FAILED_ROW = re.compile(r"(?<!\w)(?:rebill|renewal|subscription|recurring|installment|instalment|monthly)(?!\w).* "
                         r"(?:failed|declined)(?!\w)")


def _ended_in_neighbours(sentences_norm: list[str]) -> str | None:
    """The end of the cycle said across sentences: the subscription cancelled beside "it was the last attempt"
    (two sentences apart at most), or a list of four failed rebills and the subscription cancelled, the shape
    kartra-recurring.md gives a cancelled cycle ("four failed payment entries")."""
    # ("the next one is the last try before the subscription is cancelled": a cancellation still to come)
    cancelled = [i for i, s in enumerate(sentences_norm) if _SUB_CANCELLED.search(s) and not _BEFORE_CANCEL.search(s)]
    if not cancelled:
        return None
    for i, s in enumerate(sentences_norm):
        if _LAST_FAILED.search(s) and not _LAST_DATED.search(s) and any(abs(i - j) <= 2 for j in cancelled):
            return s.strip()
    rows = [s for s in sentences_norm if _FAILED_ROW.search(s) and "paypal" not in s]
    if len(rows) >= 4 and len(set(rows)) >= 4:
        return sentences_norm[cancelled[0]].strip()
    return None
