"""Issue 13's reproductions: Stripe's whole catalogue, PayPal, other languages, codes in logs, Stripe's
account and key errors, paraphrases and dates. Each was a wrong reading (or none) before."""

from __future__ import annotations

import pytest

from checks.keys import classify_key
from checks.message import read_message, recognise
from rules import advise


def assert_states(text: str, facts: dict) -> None:
    """The reader states these facts of ``text`` (None: states nothing for that fact); others may be there."""
    got = read_message(text)
    assert {k: got.get(k) for k in facts} == facts


def assert_lacks(text: str, absent: tuple[str, ...]) -> None:
    """The reader states none of these facts of ``text`` ("name:value": not that value)."""
    got = read_message(text)
    for fact in absent:
        name, _, value = fact.partition(":")
        assert (got.get(name) != value) if value else (name not in got), (fact, got)


@pytest.mark.parametrize(("text", "language", "code"), [
    ("La tua carta è stata rifiutata.", "it", "generic_decline"),
    ("Je kaart is geweigerd.", "nl", "generic_decline"),
    ("O seu cartão foi recusado.", "pt", "generic_decline"),
    ("Ihre Karte ist abgelaufen.", "de", "expired_card"),
    ("Votre carte ne dispose pas de fonds suffisants.", "fr", "insufficient_funds"),
    ("El código de seguridad de tu tarjeta es incorrecto.", "es", "incorrect_cvc"),
    ("Twoja karta została odrzucona.", "pl", "generic_decline"),
    ("Ditt kort nekades.", "sv", "generic_decline"),
    ("カードの残高が不足しています。", "ja", "insufficient_funds"),
])
def test_a_decline_in_the_customers_language_gives_a_plan(text, language, code):
    facts = read_message(text)
    assert facts["language"] == language and facts["decline_code"] == code and facts["error"] == "card_declined"
    assert advise(facts).plan[0].id == f"decline.{code}"


@pytest.mark.parametrize(("text", "code"), [
    ("Your card was declined. This transaction requires authentication.", "authentication_required"),
    ("Your card was declined for making repeated attempts too frequently or exceeding its amount limit.",
     "card_velocity_exceeded"),
    ("decline_code: withdrawal_count_limit_exceeded", "withdrawal_count_limit_exceeded"),
    ("decline_code=live_mode_test_card", "live_mode_test_card"),
    ("decline_code=fraudulent", "fraudulent"),
    ('{"error": {"code": "card_declined", "decline_code": "fraudulent"}}', "fraudulent"),
    ("The bank returned the decline code `do_not_honor`.", "do_not_honor"),
    ("Your card's zip code failed validation.", "incorrect_zip"),
])
def test_stripes_own_messages_and_codes(text, code):
    facts = read_message(text)
    assert facts["decline_code"] == code
    assert code in facts["decline_codes"]


def test_a_lone_word_code_in_prose_is_not_a_code():
    assert read_message("this transfer looks fraudulent to me, should I refund?") == {}


@pytest.mark.parametrize(("text", "error", "first_step"), [
    ("Your request was in test mode, but used a non test card. For a list of valid test cards, visit …",
     "test_key_live_card", "seller.use_live_key"),
    ("Your account cannot currently make live charges.", "account_not_activated", "seller.complete_stripe_account"),
    ("No such customer: 'cus_QxFAKE123'", "missing_after_reconnect", "seller.match_publishable_key"),
    ("No such price: 'price_1FAKE'", "missing_after_reconnect", "seller.match_publishable_key"),
    ("No such customer: 'cus_X'; a similar object exists in live mode, but a test mode key was used to make this "
     "request.", "key_mode_mismatch", "seller.use_live_key"),
    ("Invalid API Key provided: sk_live_****1234", "invalid_api_key", "seller.reauthenticate_stripe_connection"),
])
def test_stripe_errors_about_the_account_or_the_key(text, error, first_step):
    facts = read_message(text)
    assert facts["error"] == error
    assert advise(facts).plan[0].id == first_step


def test_a_masked_key_in_stripes_message_is_not_placeholder_text():
    facts = read_message("Invalid API Key provided: sk_live_****1234")
    assert facts.get("key_kind") != "placeholder"
    assert read_message("Your account cannot currently make live charges.")["charges_enabled"] is False


@pytest.mark.parametrize(("text", "error", "first_step"), [
    ('{"name":"UNPROCESSABLE_ENTITY","details":[{"issue":"INSTRUMENT_DECLINED"}]}', "paypal_declined",
     "customer.update_paypal_funding_source"),
    ("PayPal says PAYER_ACTION_REQUIRED", "paypal_declined", "customer.update_paypal_funding_source"),
    ("This transaction cannot be processed. Please enter a valid credit card number and type.", "paypal_declined",
     "customer.update_paypal_funding_source"),
    ("Things don't appear to be working at the moment. Please try again later.", "paypal_error",
     "seller.check_processor_records"),
    ("PayPal e-mailed her: your subscription has been suspended after two failed payments", "paypal_declined",
     "customer.update_paypal_funding_source"),
])
def test_paypal_errors_take_the_documented_paypal_paths(text, error, first_step):
    facts = read_message(text)
    assert facts["error"] == error and facts["processor"] == "paypal"
    assert advise(facts).plan[0].id == first_step


@pytest.mark.parametrize(("text", "facts"), [
    ("she can't press Continue, it stays faded", {"continue_inactive": True}),
    ("the button continue is grey, i can not click", {"continue_inactive": True}),
    ("nobody has been able to buy since Monday", {"scope": "all"}),
    ("we use Authorize.net", {"processor": "other"}),
    ("our Stripe connection dates from March 2024", {"connection": "expired"}),
    ("integrated 2023-11-15 using the secret key", {"connection": "expired"}),
])
def test_paraphrases_and_dates(text, facts):
    assert_states(text, facts)


def test_a_connection_after_the_cutoff_is_not_expired():
    assert "connection" not in read_message("we reconnected Stripe in October 2024")


def test_garbage_mentioning_a_key_is_not_placeholder_text():
    assert classify_key("my key is broken and I do not know why, help").facts["key_kind"] == "malformed"
    assert classify_key("YOUR_SECRET_KEY").facts["key_kind"] == "placeholder"
    assert classify_key("sk_live_xxxxxxxxxxxxxxxx").facts["key_kind"] == "placeholder"


def test_what_was_recognised_is_said_in_one_short_sentence():
    rec = recognise("Customer wrote: La tua carta è stata rifiutata. Also decline_code=fraudulent and "
                    "The user denied your request, and Your card has insufficient funds.")
    sentence = rec.summary()
    assert sentence.startswith("I recognised ") and sentence.count(".") <= 2 and len(sentence) < 300


# --- Issue 22: what people write in their own words ------------------------------------------------


@pytest.mark.parametrize("text", [
    "We take payments with Stripe and one buyer's card keeps getting declined.",
    "our checkout runs through Stripe; a member's renewal failed last night",
    "Stripe is our payment processor. Two students say the payment failed.",
])
def test_the_processor_named_in_words_is_read(text):
    assert read_message(text)["processor"] == "stripe"


def test_stripe_mentioned_in_passing_names_no_processor():
    assert "processor" not in read_message("I read on Stripe's blog that declines went up, a customer's card failed")


@pytest.mark.parametrize(("text", "scope"), [
    ("Two of my buyers get declined, everyone else pays fine.", "one_or_few"),
    ("one lady can't get through checkout, all the others are paying without problems", "one_or_few"),
    ("none of my customers can check out today", "all"),
    ("Since this morning not a single person has managed to check out.", "all"),
])
def test_who_is_affected_in_plain_words(text, scope):
    assert read_message(text).get("scope") == scope


@pytest.mark.parametrize(("text", "facts"), [
    ("Eine Kundin kann nicht bezahlen, die Zahlung für ihr Abo ist fehlgeschlagen.",
     {"language": "de", "scope": "one_or_few", "purchase": "recurring"}),
    # (every payment failing is the seller's account, not a customer to answer: no `language`)
    ("Seit heute kann niemand mehr bei mir bezahlen, keine einzige Bestellung geht durch.",
     {"language": None, "scope": "all"}),
    ("Aucun de mes clients ne peut payer depuis ce matin, je ne comprends pas.",
     {"language": None, "scope": "all"}),
    ("Une cliente n'arrive pas à acheter ma formation, le paiement ne passe pas.",
     {"language": "fr", "scope": "one_or_few", "purchase": "new"}),
    ("O botão continuar fica cinza e a minha cliente não consegue comprar o curso.",
     {"language": "pt", "continue_inactive": True, "purchase": "new", "scope": "one_or_few"}),
    ("Ninguém consegue pagar no meu checkout desde ontem.", {"language": None, "scope": "all"}),
])
def test_plain_words_symptoms_in_other_languages(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize("text", [
    "the striped tile on my sales page needs to be updated",
    "pinstripe integration of the footer font needs an update",
    "We redesigned the striped checkout banner, it needs updating before Friday",
    "I set up the pinstripe theme connection in March 2023 with my keys",
])
def test_design_words_that_contain_stripe_are_no_stripe_connection(text):
    assert "connection" not in read_message(text)


@pytest.mark.parametrize("text", [
    "We connected Stripe with the secret key in Mar '24 and nothing works now",
    "stripe was set up with api keys 03/2024, is that the problem?",
    "StripeはAPIキーで2024年3月に接続しました。",
    "Unsere Stripe-Verbindung mit API-Schlüsseln (keys) stammt vom März 2024.",
])
def test_dates_of_a_key_connection_in_other_shapes(text):
    assert read_message(text).get("connection") == "expired"


def test_a_key_connection_dated_after_the_cutoff_in_a_short_shape_is_fine():
    assert "connection" not in read_message("we connected stripe with api keys 10/2024")


@pytest.mark.parametrize(("text", "error"), [
    ("Ine|igible accounts", "ineligible_account"),
    ("IneIigible accounts", "ineligible_account"),
    ("INSTRUMENT_DEC|INED", "paypal_declined"),
    ("Connection fai|ed: Stripe account does not match", "account_mismatch"),
])
def test_ocr_swaps_of_i_l_and_bar_inside_documented_errors(text, error):
    assert read_message(text)["error"] == error


@pytest.mark.parametrize(("text", "attempt"), [
    ("the second monthly charge bounced too", "2"),
    ("this is the third failed renewal for her membership", "3"),
    ("her subscription got cancelled after the last try", "cancelled"),
    ("Stripe says attempt 2 of 4 failed for the coaching plan", "2"),
    ("the renewal has failed twice now", "2"),
])
def test_the_retry_cycle_in_words_gives_the_attempt(text, attempt):
    assert read_message(text)["attempt"] == attempt


@pytest.mark.parametrize("text", [
    "the second installment of her 3-pay plan failed",
    "I cancelled my gym membership last week, thanks for the tips",
    "third time I'm writing about the invoice address",
])
def test_an_ordinal_in_passing_is_no_attempt(text):
    assert "attempt" not in read_message(text)


def test_an_attempt_changes_the_plan():
    facts = read_message("We use Stripe. Her subscription got cancelled after the last try.")
    assert facts["attempt"] == "cancelled"
    assert advise(facts).plan[0].id == "customer.buy_again_same_email"


@pytest.mark.parametrize(("text", "facts"), [
    ("On Stripe's page I can't select my account, it says it's connected to another platform",
     {"error": "ineligible_account"}),
    ("my stripe account is greyed out when I try to pick it, apparently another app already has it",
     {"error": "ineligible_account"}),
    ("How do I connect a second Stripe account to Kartra?", {"connection": "none", "topic": "connection"}),
    ("We have three Stripe accounts and I'm not sure which one is linked to Kartra.", {"topic": "connection"}),
])
def test_paraphrases_of_the_documented_connection_paths(text, facts):
    assert_states(text, facts)


def test_a_dashboard_table_leads_with_the_most_frequent_reason():
    table = ("Decline reason\tPayments\n"
             "do_not_honor\t2\n"
             "insufficient_funds\t14\n"
             "generic_decline\t5\n")
    facts = read_message(table)
    assert facts["decline_code"] == "insufficient_funds"
    assert facts["decline_codes"] == ["insufficient_funds", "generic_decline", "do_not_honor"]


def test_a_dashboard_table_with_reasons_in_words():
    table = "Reason                Count\nDo not honor          3\nInsufficient funds    1\nExpired card          9\n"
    facts = read_message(table)
    assert facts["decline_code"] == "expired_card"
    assert facts["decline_codes"][:2] == ["expired_card", "do_not_honor"]


@pytest.mark.parametrize("text", [
    "Her PayPal automatic payment failed again this month",
    "txn_type=subscr_failed payer_email=buyer@example.com",
])
def test_paypals_recurring_vocabulary(text):
    facts = read_message(text)
    assert facts["purchase"] == "recurring" and facts["processor"] == "paypal"


def test_a_red_status_bubble_today_is_an_expired_connection():
    facts = read_message("the Stripe tile in Integrations has a red status bubble")
    assert facts["connection"] == "expired"
    assert advise(facts).plan[0].id == "seller.reauthenticate_stripe_connection"


def test_stripes_processing_error_as_its_sdk_words_it():
    facts = read_message("There was an error processing your card -- try again in a few seconds")
    assert facts["decline_code"] == "processing_error"


ALONE = [
    ("Your card has insufficient funds.", "insufficient_funds", None),
    ("There was an error processing your card -- try again in a few seconds", "processing_error", None),
    ("Votre carte a été refusée.", "generic_decline", "fr"),
    ("Ihre Karte ist abgelaufen.", "expired_card", "de"),
    ("O seu cartão foi recusado.", "generic_decline", "pt"),
]


@pytest.mark.parametrize(("message", "code", "language"), ALONE)
@pytest.mark.parametrize("wrap", [
    "{}",
    "Hi, my customer got '{}' at checkout, what do I do?",
    "hey so a buyer just emailed me a screenshot saying {} any idea??",
])
def test_a_message_read_alone_is_read_inside_a_one_line_email(message, code, language, wrap):
    facts = read_message(wrap.format(message))
    assert facts.get("decline_code") == code and facts.get("language") == language


@pytest.mark.parametrize(("text", "language"), [
    ("Mis alumnas no pudieron pagar la cuota, los cobros fallaron.", "es"),
    ("Due clienti non sono riusciti a pagare il rinnovo.", "it"),
    ("Twee klanten konden hun abonnement niet betalen.", "nl"),
    ("As minhas alunas não conseguiram pagar a mensalidade.", "pt"),
    ("Mes clientes n'arrivent plus à régler leur abonnement, les prélèvements ont échoué.", "fr"),
])
def test_inflected_words_are_read_by_their_lemmas(text, language):
    """'pudieron' is 'poder', 'konden' is 'kunnen', 'riusciti' is 'riuscire' (simplemma)."""
    facts = read_message(text)
    assert facts == {"language": language, "scope": "one_or_few", "purchase": "recurring"}


# --- Stripe's own card errors in every locale it ships (knowledge/stripe_locales/) --------------------

from checks.reading.stripe_locales import catalogue  # noqa: E402

LOCALE_STRINGS = catalogue()


def test_the_locale_catalogue_cites_its_source_and_covers_many_languages():
    assert len({s.language for s in LOCALE_STRINGS}) >= 25
    # (Stripe's public SDKs: stripe-android's and stripe-ios's string files, each at a commit)
    assert all(s.source.startswith(("stripe/stripe-android ", "stripe/stripe-ios ")) and "@" in s.source
               for s in LOCALE_STRINGS)


@pytest.mark.parametrize("string", LOCALE_STRINGS, ids=lambda s: f"{s.locale}-{s.code}")
@pytest.mark.parametrize("wrap", [
    "{}",
    "Hi, my customer in the EU got this at checkout: \"{}\" - what should she do?",
    "hey support, buyer forwarded me a screenshot, it says {} thanks",
])
def test_stripes_own_card_errors_in_every_locale_alone_and_in_an_email(string, wrap):
    facts = read_message(wrap.format(string.text))
    assert facts["error"] == "card_declined" and facts["decline_code"] == string.code
    assert facts.get("language") == (None if string.language == "en" else string.language)


def test_a_reply_in_a_language_without_reply_text_falls_back_to_english_and_says_so():
    text = "Customer wrote: Kartınızda yeterli fon yok."
    facts = read_message(text)
    assert facts["language"] == "tr" and facts["decline_code"] == "insufficient_funds"
    advice = advise(facts)
    assert advice.customer_reply and advice.customer_reply.startswith("Hi!")
    assert "reply to the customer is in English" in recognise(text).summary()


@pytest.mark.parametrize(("text", "facts"), [
    # (the seller's own connection: no customer to answer, so no `language`)
    ("Il y a un point rouge sur la tuile Stripe dans mes intégrations, c'est grave ?",
     {"connection": "expired", "language": None}),
    ("Laut Kartra ist meine Stripe-Verbindung abgelaufen, was muss ich tun?",
     {"connection": "expired", "language": None}),
    ("Mijn Stripe-koppeling is verlopen volgens de e-mail, hoe los ik dat op?",
     {"connection": "expired", "language": None}),
    ("I've never linked my Stripe account to anything, what's the first step to connect it?", {"connection": "none"}),
    ("the continue button won't light up after I fill in my details", {"continue_inactive": True}),
    ("O botão continuar está desativado na página de pagamento do curso, não consigo avançar.",
     {"continue_inactive": True, "language": "pt"}),
])
def test_connection_and_continue_paraphrases_in_several_languages(text, facts):
    assert_states(text, facts)


# --- A word in passing sets no fact -----------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NEUTRAL = ["about", "garden", "lunch", "report", "picture", "meeting", "tomorrow", "blue", "office", "travel",
           "music", "weekend", "coffee", "book", "the", "a", "my", "our", "with", "and", "for", "new", "old",
           "team", "photo", "page", "font", "colour", "summer", "course", "video", "email", "logo", "idea"]
IN_PASSING = ["stripe", "striped", "pinstripe", "declined", "continue", "subscription", "renewal", "expired",
              "connection", "paypal", "card", "payment", "refund", "invoice", "nobody", "everyone", "second",
              "third", "cancelled", "bubble", "red", "banner", "keys", "March 2023", "integration", "retry",
              "failed", "insufficient", "security code", "processor", "checkout", "Stripe account", "attempt"]


@settings(max_examples=300, deadline=None)
@given(before=st.lists(st.sampled_from(NEUTRAL), min_size=1, max_size=8),
       word=st.sampled_from(IN_PASSING),
       after=st.lists(st.sampled_from(NEUTRAL), max_size=8))
def test_one_of_our_words_among_everyday_words_sets_no_fact(before, word, after):
    """A text that only mentions a word in passing ("the striped logo", "our renewal idea") states nothing."""
    text = " ".join([*before, word, *after])
    assert read_message(text) == {}, text


# --- Issue 22, second round: the fresh corpus's kinds of misses, in other words than its items -------

@pytest.mark.parametrize(("text", "attempt"), [
    ("Le renouvellement de son abonnement a été refusé trois fois.", "3"),
    ("Die Abbuchung für ihr Abo ist jetzt zum zweiten Mal fehlgeschlagen.", "2"),
    ("La cuota de su suscripción falló dos veces esta semana.", "2"),
    ("Il rinnovo dell'abbonamento è stato rifiutato per la seconda volta.", "2"),
    ("A mensalidade da assinatura falhou duas vezes.", "2"),
    ("De incasso van haar lidmaatschap is twee keer mislukt.", "2"),
    ("Płatność za subskrypcję nie udała się po raz trzeci.", "3"),
    ("Förnyelsen av prenumerationen misslyckades för andra gången.", "2"),
    ('{"type": "invoice.payment_failed", "attempt_count": 3, "billing_reason": "subscription_cycle"}', "3"),
])
def test_the_retry_cycle_in_other_languages_and_in_stripes_own_field(text, attempt):
    got = read_message(text)
    assert (got.get("attempt"), got.get("purchase")) == (attempt, "recurring")


@pytest.mark.parametrize("text", [
    "Intenté pagar el curso dos veces y me sale «Tu tarjeta fue rechazada».",  # the customer trying again
    "J'ai essayé deux fois d'acheter la formation, la carte est refusée.",
    "Ich habe zweimal angerufen, die Rechnung ist längst bezahlt.",
])
def test_a_customer_trying_twice_is_no_retry_cycle(text):
    assert "attempt" not in read_message(text)


@pytest.mark.parametrize(("text", "scope"), [
    ("my buyer's renewal bounced last night", "one_or_few"),  # a possessive is one customer, not "buyers"
    ("two of her students got 'Your card was declined.' at checkout", "one_or_few"),
    ("Seller says this is the only client with the issue; the rest pay normally.", "one_or_few"),
    ("He keeps getting an error when buying the masterclass.", "one_or_few"),
    ("Покупательница пишет: Ваша карта была отклонена.", "one_or_few"),
    ("Everyone gets 'Your card was declined.' since the update", "all"),
    ("Hi everyone, a client of mine got 'Your card was declined.'", "one_or_few"),
    ("Our checkout pages stopped working after lunch.", "all"),
])
def test_who_is_affected_in_more_of_peoples_words(text, scope):
    assert read_message(text).get("scope") == scope


@pytest.mark.parametrize("text", [
    "She reconnected her Stripe account and the tile is green now, thanks!",
    "The client declined our proposal for the logo, so we can close the job.",
    "How can I tag people who declined the upsell so they get the downsell e-mails?",
])
def test_declining_an_offer_or_a_seller_in_the_third_person_is_nothing(text):
    assert read_message(text) == {}


@pytest.mark.parametrize(("text", "facts"), [
    ("Die Verlängerung ihrer Mitgliedschaft ist fehlgeschlagen.", {"purchase": "recurring", "language": "de"}),
    ("La renovación de la membresía falló anoche.", {"purchase": "recurring", "language": "es"}),
    ("His membership renewal got declined again.", {"error": "card_declined", "purchase": "recurring"}),
])
def test_renewals_and_declines_in_words(text, facts):
    assert_states(text, facts)


def test_several_stripe_accounts_lead_to_the_publishable_key_step():
    """Kartra's connection article: compare the Publishable key when you have more than one Stripe account."""
    facts = read_message("We have a personal and a business Stripe account. Which one is linked to Kartra?\n"
                         "Thanks")
    advice = advise(facts)
    assert advice.plan[0].id == "seller.match_publishable_key"
    assert not advice.questions


@pytest.mark.parametrize(("text", "facts"), [
    ("Card payments are handled by Stripe; a small number of subscribers can't renew since Monday.",
     {"processor": "stripe", "scope": "one_or_few", "purchase": "recurring"}),
    ("Stripe processes all our orders, PayPal is turned off.", {"processor": "stripe"}),
    ("Kartra retried his payment 4 times and then cancelled the membership.",
     {"attempt": "cancelled", "purchase": "recurring"}),
    ("Her membership renewal bounced again this morning, that makes three times.",
     {"attempt": "3", "purchase": "recurring"}),
])
def test_processor_scope_and_cycle_in_longer_sentences(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize("text", [
    "She tried twice to pay her membership renewal and it failed both times.",
    "This is the third time I write about my subscription failing, please answer.",
])
def test_a_persons_own_tries_or_letters_are_no_retry_cycle(text):
    assert "attempt" not in read_message(text)


def test_a_word_one_edit_from_a_short_error_name_is_not_that_error():
    """Hypothesis found it: "and declined" is one edit from "card declined" (a fuzzy match of 92)."""
    assert read_message("and declined") == {}
    assert read_message("card dec1ined")["error"] == "card_declined"  # OCR's swaps are still read


@pytest.mark.parametrize(("text", "facts"), [
    ("Hi,\n\none client of ours says his card keeps being rejected on the order form for the retreat.\n\nBest, Ana",
     {"error": "card_declined", "scope": "one_or_few", "purchase": "new"}),
    ("Internal note: merchant uses Stripe, three subscribers declined this week, everyone else fine.",
     {"processor": "stripe", "scope": "one_or_few", "error": "card_declined"}),
    ("Una alumna me escribe: no se pudo cobrar la cuota de su suscripción por tercera vez.",
     {"scope": "one_or_few", "purchase": "recurring", "attempt": "3", "language": "es"}),
    ("Hallo, een klant krijgt een foutmelding bij het betalen van de cursus.", {"scope": "one_or_few"}),
    ("There's a Stripe account for my coaching and another one for the shop. Which is the one Kartra uses?",
     {"several_accounts": True, "topic": "connection"}),
    ("My Stripe account shows as unavailable when I try to select it, it's attached to another platform.",
     {"error": "ineligible_account"}),
    ("Our Stripe integration uses API keys; we set it up back in 11/22.", {"connection": "expired"}),
])
def test_more_shapes_of_the_same_symptoms(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize("text", [
    "The courier's e-mail bounced back, can you check the address on order 1182?",
    "gateway=stripe http=200 path=/v1/charges status=succeeded",
    "Meeting on 12/11 about the new Stripe keys for the shop",
])
def test_words_near_our_symptoms_are_not_them(text):
    got = read_message(text)
    assert "error" not in got and "processor" not in got and "connection" not in got


@pytest.mark.parametrize("word", IN_PASSING)
def test_each_of_our_words_beside_each_everyday_word_sets_no_fact(word):
    """The property above samples; this pairs every word of ours with every everyday word, both sides
    (it found "lunch with paypal" read as PayPal, and "book a declined" as a new purchase)."""
    read = [f"{a} {word}" for a in NEUTRAL] + [f"{word} {a}" for a in NEUTRAL] + [f"{a} {word} {a}" for a in NEUTRAL]
    assert [t for t in read if read_message(t)] == []


@pytest.mark.parametrize(("text", "facts"), [
    ("The Stripe tile in Kartra has a red badge saying it needs attention.", {"connection": "expired"}),
    ("Wir haben Stripe 2021 über die API-Schlüssel angebunden.", {"connection": "expired"}),
    ("Just 3 of our 400 members can't pay, the rest is fine.", {"scope": "one_or_few"}),
    ("Checkout works for everybody except a student in Lisbon.", {"scope": "one_or_few"}),
])
def test_badges_bare_years_and_ratios(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "facts"), [
    ("Wir wickeln sämtliche Zahlungen mit Stripe ab, und eine Kundin kommt nicht durch.",
     {"processor": "stripe", "scope": "one_or_few", "language": "de"}),
    ("Nous encaissons via Stripe depuis 2021.", {"processor": "stripe", "language": None}),
    ("Our shop has three Stripe accounts, no idea which is the one Kartra charges.",
     {"several_accounts": True, "topic": "connection"}),
    ("Tenemos varias cuentas de Stripe y no sé cuál está conectada.", {"several_accounts": True}),
    ("This is my first time connecting Stripe, where do I start?\nThanks",
     {"connection": "none", "topic": "connection"}),
    ("Nous voulons ajouter un deuxième compte Stripe pour la boutique belge.",
     {"connection": "none", "topic": "connection"}),
])
def test_processor_accounts_and_connections_in_more_words(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize("text", [
    "Zoom wants me to reauthenticate the calendar integration again.",
    "My domain's SSL certificate has expired, the connection is not secure.",
    "She used to work at PayPal, now she writes our funnel copy.",
    "I just set up a new Stripe account and connected it, the test payment went through fine.",
])
def test_other_services_and_past_jobs_are_not_our_symptoms(text):
    got = read_message(text)
    assert not {"connection", "processor", "topic"} & set(got), got


def test_an_email_wrapped_mid_sentence_is_read_as_one_sentence():
    text = ("Hi,\n\nsince Friday nobody has been\nable to pay on my checkout, every\nbuyer gets an error.\n\n"
            "Thanks,\nAmir")
    assert read_message(text).get("scope") == "all"


@pytest.mark.parametrize(("text", "attempt"), [
    ("Her plan's payment failed on Monday, and when Kartra retried on Thursday it failed again.", "2"),
    ("The subscription charge bounced again on the retry.", "2"),
    ("Kartra tried three more times over the week and then cancelled his membership.", "cancelled"),
    ("Sein Abo wurde nach dem letzten Versuch gekündigt.", "cancelled"),
    ("Kartra zeigt bei ihm: Versuch 3 von 4 fehlgeschlagen.", "3"),
    ("月額プランの決済が3回目も失敗しました。", "3"),
])
def test_the_retry_cycle_across_a_sentence_and_in_kartras_words_translated(text, attempt):
    assert read_message(text).get("attempt") == attempt


def test_paypals_own_retries_are_not_kartras_cycle():
    assert "attempt" not in read_message("Her PayPal subscription was suspended after 2 failed payments.")


@pytest.mark.parametrize(("text", "scope"), [
    ("kartra cancelled Tom's membership after the last retry bounced", "one_or_few"),
    ("cust's renewal failed again this morning", "one_or_few"),
    ("u jednego klienta płatność nie przeszła", "one_or_few"),
    ("あるお客様だけ決済ができません。", "one_or_few"),
    ("Since Tuesday: zero orders, every checkout ends in an error.", "all"),
])
def test_who_is_affected_by_name_abbreviation_and_in_more_languages(text, scope):
    assert read_message(text).get("scope") == scope


@pytest.mark.parametrize("text", [
    "We had zero sales in August because we were on holiday.",
    "Stripe's new dashboard is nice, Anna's order went through fine.",
    "what is do_not_honor? the customer's bank says it's fine",
])
def test_sales_pauses_and_happy_orders_are_no_scope(text):
    assert "scope" not in read_message(text)


@pytest.mark.parametrize(("text", "facts"), [
    ("Der Weiter-Button bleibt grau, ich kann mich nicht anmelden.", {"continue_inactive": True}),
    ("The Continue button doesn't activate when she tries to check out.", {"continue_inactive": True}),
    ("Хочу купить курс, но пишет: «Ваша карта отклонена».", {"purchase": "new"}),
])
def test_continue_and_buying_in_more_words(text, facts):
    assert_states(text, facts)


# --- Round four: corpus_fresh22c's kinds of misses, in other words ---------------------------------------

@pytest.mark.parametrize(("text", "facts"), [
    ("the installment bounced 2x already for this buyer", {"attempt": "2"}),
    ("Plan: Yearly Circle · Failed payments: 3 of 4 · Next attempt Dec 9", {"attempt": "3"}),
    ("Transactions show four failed payment entries for her membership, then Cancelled.", {"attempt": "cancelled"}),
    ("Kartra billed the monthly fee three times and it bounced every time.", {"attempt": "3"}),
    ("Se le canceló la membresía después del último intento de cobro.", {"attempt": "cancelled"}),
    ("Förnyelsen av hans abonnemang har misslyckats två gånger.", {"attempt": "2"}),
    ('{"type": "invoice.paid", "attempt_count": 2, "paid": true}', {"attempt": None}),
])
def test_more_of_the_retry_cycle(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "facts"), [
    ("the second failed rebill for Mrs Okafor, card on file is old", {"scope": "one_or_few"}),
    ("Al mio cliente non è passato il rinnovo dell'abbonamento.", {"scope": "one_or_few", "purchase": "recurring"}),
    ("Desde ayer no entra ningún pago en la tienda.", {"scope": "all"}),
    ("Since the weekend our sales have stopped completely.", {"scope": "all"}),
    ("Stripe is how we take payments, and since Monday a client can't renew.", {"processor": "stripe"}),
    ("Wir nutzen Stripe für alles.", {"processor": "stripe"}),
    ("Our Stripe login holds three companies; which one is linked to Kartra?", {"several_accounts": True}),
    ("We want a separate Stripe for the retreats.", {"connection": "none", "topic": "connection"}),
    ("It says I turned down the request on Stripe's page, but I only went back to Kartra.", {"error": "user_denied"}),
    ("Kartra says this Stripe account is already integrated, but I can't see it anywhere.",
     {"error": "already_integrated"}),
    ("The Continue button cannot be clicked for him on the order form.", {"continue_inactive": True}),
])
def test_more_of_who_how_and_the_connection(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize("text", [
    "When a buyer declines the upsell, can the downsell open in the same tab?",
    "[10:02] Student: the audio in module 2 keeps cutting out, the rest are fine",
    "Mi propuesta de taller fue rechazada, ¿sigue abierta la inscripción?",
    "La conexión con Stripe ha caducado según Kartra.",
])
def test_near_misses_that_are_not_payment_facts(text):
    got = read_message(text)
    assert not {"error", "decline_code", "scope", "purchase"} & set(got), got


# --- Fifth round of #22: what fresh22d's misses were made of, in other words than theirs -----------------

@pytest.mark.parametrize(("text", "facts"), [
    # a count with "times" ("three times") was matched and then dropped: _N knew "three", not "three times"
    ("Her renewal has been declined two times running now.", {"attempt": "2", "purchase": "recurring"}),
    ("the membership charge bounced 3 times in a row", {"attempt": "3"}),
    # the Dashboard's invoice page: a line of its own
    ("Invoice in_FAKE0001\nPast due\nAttempts: 2\nNext retry: 9 Dec 2026", {"attempt": "2"}),
    # the first failure, a retry still to come
    ("Her quarterly fee failed yesterday and Kartra is going to retry it on Friday.", {"attempt": "1"}),
    # giving up after the last try
    ("he says it charged him four times and then stopped, now his course access is gone",
     {"attempt": "cancelled", "purchase": "recurring"}),
    ("会費の定期決済が2回連続で失敗しています。", {"attempt": "2"}),
])
def test_retry_counts_in_more_shapes(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "facts"), [
    # Stripe's SDK names these invalid_cvc / invalid_card_number: "is invalid" is not "is incorrect"
    ("Kartınızın güvenlik kodu geçersiz", {"decline_code": "invalid_cvc", "language": "tr"}),
    ("Hi, a buyer sent me 'Le numéro de votre carte n'est pas valide.' What does it mean?",
     {"decline_code": "invalid_number", "language": "fr"}),
    ("Your card's security code is incorrect.", {"decline_code": "incorrect_cvc"}),
])
def test_invalid_and_incorrect_card_details_are_told_apart(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "facts"), [
    # "Stripe's" was "stripes" once its apostrophe went, a word no concept knows
    ("Stripe's list greys out my account as ineligible.", {"error": "ineligible_account"}),
    ("After I reconnected, Kartra said this is not the same Stripe account as the one connected before.",
     {"error": "account_mismatch"}),
    ("We run two brands, so we have 2 Stripe accounts and I am no longer sure the integration points at the "
     "right brand.",
     {"several_accounts": True, "topic": "connection"}),
    ("Vorrei collegarlo: un secondo account Stripe per l'altro marchio, accanto a quello di adesso.",
     {"connection": "none", "topic": "connection"}),
    ("Can my workshops go through a different Stripe than my memberships? Is that possible?",
     {"connection": "none", "topic": "connection"}),
    # a date carried over to the next line of an e-mail
    ("Hallo, onze checkout loopt via Stripe en de koppeling is gemaakt met de API-sleutels op\n"
     "3-3-2023. Is dat nog goed?", {"connection": "expired"}),
    ("Stripe連携の接続の有効期限が切れたと表示されます。", {"connection": "expired"}),
    ("Everything is through Stripe here, PayPal is switched off on all my products.", {"processor": "stripe"}),
])
def test_connections_and_accounts_retold(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "facts"), [
    ("Eén cursist kan niet betalen, de rest lukt gewoon.", {"scope": "one_or_few"}),
    ("A customer in Cork can't pay for the retreat deposit. No one else has a problem.",
     {"scope": "one_or_few", "purchase": "new"}),
    ("he gets declined when ordering the bundle, others are fine", {"purchase": "new"}),
    ("kuukausimaksu ei mennyt läpi tänään", {"purchase": "recurring"}),
    ("The checkout's Contlnue button stays grey for her.", {"continue_inactive": True}),
])
def test_who_and_what_was_bought_in_more_words(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize("text", [
    # periodicity is not everybody
    "Her renewal failed, and Kartra retries every 3 days, right?",
    # another service's key or connection, dated or expired
    "I set up my Mailchimp API key in Kartra in March 2022, does it still sync?",
    "The zoom connection expired right before the webinar, so how do I resend the link?",
    # a chargeback is no failed payment
    "Got a chargeback from one client who claims she can't remember the purchase. What evidence do I send?",
    # a webhook's customer field is no person
    '{"type": "invoice.payment_failed", "data": {"object": {"customer": "cus_FAKE1", "attempt_count": 1}}}\n'
    '"customer": "cus_FAKE1",\n"failure_message": "Your card was declined."',
])
def test_periods_other_services_chargebacks_and_fields_state_no_scope_or_connection(text):
    got = read_message(text)
    assert got.get("scope") is None and got.get("connection") is None, got


# --- Sixth round of #22: fresh22e's misses, as classes, in other words than theirs ----------------------

@pytest.mark.parametrize(("text", "facts"), [
    # buying and paying monthly, in the customer's words, in the locales Stripe ships but replies don't cover
    ('온라인 강좌를 구매하려는데 "카드가 거절되었습니다"라고 떠요.', {"purchase": "new"}),
    ('Chtěla jsem koupit e-book, ale píše to "Vaše karta byla zamítnuta".', {"purchase": "new"}),
    ('A jegy megvásárlásakor ezt kaptam: "A kártyáját elutasítottuk".', {"purchase": "new"}),
    ('Min månedlige betaling gik ikke igennem: "Dit kort blev afvist".', {"purchase": "recurring"}),
    ('Fornyelsen av medlemskapet feilet, det står "Kortet ditt har utløpt".', {"purchase": "recurring"}),
    ('Mesačná platba za predplatné neprešla, "Vaša karta bola zamietnutá".', {"purchase": "recurring"}),
    # and in the reply languages, where a word was missing
    ("Una mia iscritta non riesce a pagare l'iscrizione al workshop, le dice che la carta è rifiutata.",
     {"purchase": "new"}),
    ("Bei einem Kunden geht die monatliche Abbuchung nicht durch, Stripe sagt: nicht ausreichende Deckung.",
     {"purchase": "recurring", "decline_code": "insufficient_funds"}),
])
def test_buying_and_paying_monthly_in_more_languages(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "facts"), [
    ("Stripe emailed us: charges are paused on our account until we verify the business details.",
     {"error": "account_not_activated", "charges_enabled": False, "connection": None}),
    ('Here is the account object from the API: "charges_enabled": true, "payouts_enabled": true',
     {"charges_enabled": True}),
    ("Kartra says Stripe account does not match. We have two Stripe accounts and I don't know which one was "
     "linked first.", {"error": "account_mismatch", "several_accounts": True}),
    ("Nos ventes passent toutes par Stripe, et depuis hier plus rien ne passe.", {"processor": "stripe"}),
    ("We sell our courses through our Stripe account only.", {"processor": "stripe"}),
    ("Ik wil voor het eerst Stripe koppelen aan Kartra, hoe doe ik dat?", {"connection": "none"}),
    ("The Stripe tile turned red this morning in My Integrations.", {"connection": "expired"}),
])
def test_stripe_account_states_and_connections_in_more_words(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "facts"), [
    # the Dashboard's "last attempt" is the latest one while a retry is still to come
    ("Attempts 2 (last attempt 30 Nov, failed)\nNext retry 3 Dec", {"attempt": "2"}),
    ("four failed payment lines for one subscriber in the export, and the subscription status is now "
     "cancelled", {"attempt": "cancelled"}),
    ("Her membership payment failed twice already.", {"attempt": "2"}),
    ("El pago mensual falló y Kartra volverá a intentar el cobro el lunes.", {"attempt": "1"}),
])
def test_the_retry_cycle_in_dashboard_rows_and_more_languages(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "scope"), [
    ("Hos en av våra kunder misslyckas betalningen hela tiden.", "one_or_few"),
    ("Kilku kursantów nie może zapłacić za kurs.", "one_or_few"),
    ("Seit heute geht überhaupt keine Zahlung mehr durch.", "all"),
    ("All our checkouts are dead since the update.", "all"),
    # an everyday "all" beside a payment word is no scope
    ("We bill all our plans through Stripe; one member's renewal failed.", "one_or_few"),
    ("She filled in all fields on the order form and the Continue button stays grey.", "not all"),
])
def test_who_is_affected_in_more_shapes(text, scope):
    got = read_message(text).get("scope")
    assert got != "all" if scope == "not all" else got == scope  # ("she", one buyer, may be read: not "all")


@pytest.mark.parametrize("text", [
    "A client booked a session in my calendar and I declined the slot; does Kartra notice?",
    "Three speakers declined at the last minute, so our summit membership area needs new dates.",
    "Meine PayPal-Adresse für die Provisionen aus dem Partnerprogramm ist hinterlegt, die Bewerbung wurde "
    "trotzdem abgelehnt.",
    "Rechacé la invitación a la reunión sin querer, ¿me la reenvían? El curso ya está pagado.",
])
def test_declining_a_slot_a_speaker_or_an_invitation_is_no_payment_fact(text):
    assert read_message(text) == {}


# --- Seventh round of #22: fresh22f's misses, as classes, in other words than theirs ---------------------

@pytest.mark.parametrize(("text", "facts"), [
    # a ticket's speaker line still says how payments are taken
    ("[09:14] Visitor: all our card payments go through Stripe since 2021", {"processor": "stripe"}),
    ("cust: cont. btn on the order form does not do anything, she tried two browsers",
     {"continue_inactive": True}),
    ("Todos os pagamentos estão falhando desde hoje de manhã.", {"scope": "all"}),
    ("Tutti i pagamenti falliscono da ieri sera.", {"scope": "all"}),
    ("Bij één lid mislukt de betaling steeds.", {"scope": "one_or_few"}),
    ("Seller's customer (just the one) gets declined on her installment.", {"scope": "one_or_few"}),
])
def test_speakers_abbreviations_and_who_in_more_languages(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "facts"), [
    ("Subscription sub_FAKE9\nAttempt count 2\nLast attempt Nov 30, 2026 — declined", {"attempt": "2"}),
    ("Her plan was cancelled because the final retry was declined.", {"attempt": "cancelled"}),
    ("In der Übersicht stehen zwei fehlgeschlagene Abbuchungen ihrer Mitgliedschaft.", {"attempt": "2"}),
    ("月額プランの決済で、失敗が2件続いています。", {"attempt": "2"}),
    ("txn_type=subscr_payment&payment_status=Failed&mc_gross=19.00", {"purchase": "recurring"}),
    ("会员自动续费扣款失败了", {"purchase": "recurring"}),
])
def test_the_retry_cycle_and_recurring_payments_in_more_shapes(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "facts"), [
    ("I run a personal Stripe and a business Stripe. Which of those does Kartra pay into?",
     {"several_accounts": True, "topic": "connection"}),
    ("The key on my Kartra tile doesn't match either of my Stripe accounts, which one is it?",
     {"several_accounts": True}),
    ("Bei der Stripe-Verbindung ist ein rotes Bläschen, und ein Hinweisbanner sagt, sie muss erneuert werden.",
     {"connection": "expired"}),
    ("Kartra meldde dat de Stripe-koppeling vernieuwd moest worden.", {"connection": "expired"}),
    ("Stripe連携に「再認証してください」と出ています。", {"connection": "expired"}),
    ("This is my very first Stripe account; how do I connect it to Kartra?",
     {"connection": "none", "topic": "connection"}),
])
def test_accounts_and_connections_in_more_shapes(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize("text", [
    "I declined two affiliate applications today; will they get an e-mail?",
    "I declined the cookie banner and now nothing plays at all on the lesson page.",
    "I bought the masterclass on Monday but can't find the welcome e-mail with the login.",
])
def test_declining_applications_and_cookies_or_a_lost_welcome_email_state_nothing(text):
    assert read_message(text) == {}


@pytest.mark.parametrize(("text", "facts"), [
    # the everyday-words lexicon (knowledge/locale_words.yaml), in languages the replies don't cover
    ('Я хотела купить курс, но пишет "Ваша карта отклонена".', {"purchase": "new"}),
    ('Kursu satın almak istedim ama "Kartınız reddedildi" yazıyor.', {"purchase": "new"}),
    ('Chcela som si kúpiť kurz a vyskočilo "Vaša karta bola zamietnutá".', {"purchase": "new"}),
    ("ต้องการซื้อคอร์สแต่ขึ้นว่าบัตรของคุณถูกปฏิเสธ", {"purchase": "new"}),  # Thai, marks and all
    ("Никто из клиентов не может оплатить, все платежи отклоняются.", {"scope": "all", "purchase": None}),
    ("Usamos o Stripe para receber os pagamentos das aulas.", {"processor": "stripe"}),
    # a German date's ordinal point ends no sentence: "am 6. auch nicht geklappt"
    ("Die Abbuchung am 3. ging nicht durch und Kartras Wiederholung am 6. hat auch nicht geklappt.",
     {"attempt": "2"}),
    # 再認証 is the connection's, not the card's 3D Secure
    ("Stripe連携を再認証してくださいというバナーが出ています。", {"decline_code": None, "connection": "expired"}),
])
def test_everyday_words_in_more_languages_dates_and_reauthentication(text, facts):
    assert_states(text, facts)


# --- Eighth round of #22: fresh22g's misses, as classes, in other words than theirs ----------------------

@pytest.mark.parametrize(("text", "facts"), [
    ("I've got a personal one and a business one. Which Stripe account is linked to Kartra?",
     {"several_accounts": True, "topic": "connection"}),
    ("We each have a Stripe account and share one Kartra; which of our Stripe logins does it use?",
     {"several_accounts": True}),
    ("I keep five accounts under one Stripe profile. Which do I pick when Kartra asks me to reconnect?",
     {"several_accounts": True}),
    ("Stripeのアカウントが2つあって、どちらが連携されているか分かりません。", {"several_accounts": True}),
    ("We opened a new Stripe account for our charity arm; can Kartra have both connected at once?",
     {"connection": "none", "topic": "connection"}),
    ("We haven't hooked Stripe up yet, where does it go in Kartra?", {"connection": "none"}),
    ("Je n'ai jamais relié Stripe à Kartra, par où commencer ?", {"connection": "none"}),
    ("Płatności obsługuje u nas Stripe.", {"processor": "stripe"}),
])
def test_accounts_first_connections_and_the_processor_in_more_words(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "facts"), [
    ("Her gym renewal bounced again overnight. That's twice now.", {"attempt": "2"}),
    ('{"type": "customer.subscription.deleted", "data": {"object": {"status": "canceled", '
     '"cancellation_details": {"reason": "payment_failed"}}}}', {"attempt": "cancelled"}),
    ("The notice says the monthly fee didn't go through and would be retried in a few days.", {"attempt": "1"}),
    ("Bij één klant is de betaling mislukt; de betaling wordt later opnieuw geprobeerd.", {"attempt": "1"}),
    ("quarterly billing failed again, 2nd retry, 3rd fail overall", {"attempt": "3"}),
    ("Prenumerationen avslutades efter att den sista dragningen misslyckades.", {"attempt": "cancelled"}),
])
def test_the_retry_cycle_in_yet_more_shapes(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "scope"), [
    ('JP customer, her words: 「カードが拒否されました」', "one_or_few"),
    ("Bei einer Abonnentin ist die Monatszahlung fehlgeschlagen.", "one_or_few"),
    ("Tylko jednej klientce nie przechodzi płatność, reszta klientów płaci normalnie.", "one_or_few"),
])
def test_one_customer_in_agent_shorthand_and_more_languages(text, scope):
    assert read_message(text).get("scope") == scope


@pytest.mark.parametrize("text", [
    "New this month: Stripe and PayPal badges you can add to your sales pages.",
    "I'm comparing payment processors (Stripe, Square, Paddle) for an article; which does Kartra support?",
    "Il rinnovo dell'abbonamento è andato a buon fine, grazie!",
])
def test_badges_articles_and_renewals_that_went_fine_state_nothing(text):
    got = read_message(text)
    assert got.get("processor") is None and got.get("purchase") is None, got


# --- Ninth round of #22: fresh22h's misses, as classes, in other words than theirs -----------------------

@pytest.mark.parametrize(("text", "facts"), [
    # French and Italian elisions split: "d'une de nos clientes" was "dune de nos clientes"
    ("Le prélèvement d'une de nos clientes a échoué, c'est la seule concernée.", {"scope": "one_or_few"}),
    ("Il numero della carta non è valido, dice la cliente.", {"decline_code": "invalid_number"}),
    ("Votre numéro de carte n'est pas valide.", {"decline_code": "invalid_number", "language": "fr"}),
    # "invalid" words are Stripe's invalid_*; "incorrect" ones stay incorrect_*
    ("Bij het betalen staat dat de beveiligingscode ongeldig is.", {"decline_code": "invalid_cvc"}),
    ("Der Sicherheitscode ist falsch, sagt die Kasse.", {"decline_code": "incorrect_cvc"}),
    # Stripe's API messages for two codes
    ("It says: The ZIP code you supplied failed validation.", {"decline_code": "incorrect_zip"}),
    ("Your card has been declined for making repeated attempts too frequently.",
     {"decline_code": "card_velocity_exceeded"}),
])
def test_elisions_invalid_words_and_two_more_stripe_messages(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "facts"), [
    ("Her membership shows Cancelled: after the final try the subscription was cancelled automatically.",
     {"attempt": "cancelled"}),
    ("Het lidmaatschap is na de laatste incassopoging stopgezet.", {"attempt": "cancelled"}),
    ("The seller's checkout uses Stripe, she confirmed it.", {"processor": "stripe"}),
    ("Alles gaat bij ons via Stripe.", {"processor": "stripe"}),
    ("Our Stripe dashboard: charges are enabled, payouts too.", {"charges_enabled": True}),
    ("We have a Stripe for the studio and a separate Stripe for the shop; not sure which one Kartra uses.",
     {"several_accounts": True}),
    ("We need an additional Stripe connection for our EU company. How do I add it?",
     {"connection": "none", "topic": "connection"}),
    ("Quiero conectarla a Kartra por primera vez, ¿cómo lo hago con Stripe?", {"connection": "none"}),
    ("Kartra säger att Stripe-kopplingen har löpt ut.", {"connection": "expired"}),
    ("one buyer couldn't check out today, her card was declined", {"purchase": "new"}),
    ("Nothing sells since the update, every checkout errors.", {"scope": "all"}),
])
def test_more_shapes_of_cycles_processors_accounts_and_buying(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize("text", [
    "Un client me dit que son colis a été refusé à la douane.",
    "My order of the printed planner hasn't arrived yet, the tracking is stuck.",
])
def test_parcels_and_questions_state_no_scope_or_purchase(text):
    got = read_message(text)
    assert got.get("scope") is None and got.get("purchase") is None, got


# --- Issue 22, tenth round: the retry cycle a few words further apart, and cancelled after several failures --

@pytest.mark.parametrize(("text", "attempt"), [
    ("The second monthly charge for her yoga membership bounced too.", "2"),  # words between charge and failing
    ("The third renewal payment from this one member of ours failed again.", "3"),
    ("Her membership got cancelled because the renewal kept failing after the final attempt.", "cancelled"),
    ("Son abonnement a été annulé après plusieurs échecs de paiement.", "cancelled"),
    ("Das Abo wurde nach mehreren fehlgeschlagenen Abbuchungen gekündigt.", "cancelled"),
    ("La suscripción se canceló después de varios cobros fallidos.", "cancelled"),
    # the recurring payment named in the sentence before the count
    ("Bei einem Kunden ging die monatliche Abbuchung nicht durch. Jetzt ist auch der zweite Versuch gescheitert.", "2"),
    ("Mi cliente tiene una suscripción mensual. El cobro falló por segunda vez.", "2"),
    # Kartra's retry to come, a few words from its name
    ("Kartra nos dijo por correo que volverá a intentar el cobro de la cuota.", "1"),
    ("Kartra ska enligt mejlet försöka dra beloppet igen om tre dagar.", "1"),
])
def test_the_retry_cycle_a_few_words_apart_and_cancelled_after_several_failures(text, attempt):
    assert read_message(text).get("attempt") == attempt


@pytest.mark.parametrize("text", [
    "We cancelled the webinar after several failed attempts to get the stream working.",
    "I tried twice to buy the course. My subscription to your newsletter is fine.",
    "Nach mehreren fehlgeschlagenen Versuchen habe ich das Webinar abgesagt.",
])
def test_several_failures_of_something_else_are_no_retry_cycle(text):
    assert "attempt" not in read_message(text)


# --- Issue 22, tenth round: a card declined in the customer's own words, in Stripe's other locales ----------

@pytest.mark.parametrize(("text", "code", "language"), [
    ("Dobrý den, moje karta byla při platbě zamítnuta, co mám dělat?", "generic_decline", "cs"),
    ("Dobrý deň, moja karta bola pri platbe zamietnutá.", "generic_decline", "sk"),
    ("Здравствуйте, у меня не проходит оплата картой, пишет ошибка.", "generic_decline", "ru"),
    ("Merhaba, kartım reddedildi, kursu satın alamıyorum.", "generic_decline", "tr"),
    ("Chào bạn, thẻ của mình bị từ chối khi thanh toán khóa học.", "generic_decline", "vi"),
    ("Hei, korttini hylättiin kun yritin maksaa kurssin.", "generic_decline", "fi"),
    ("Kortet mitt ble avvist da jeg prøvde å betale.", "generic_decline", "nb"),
    ("Mit kort blev afvist, da jeg prøvede at betale for kurset.", "generic_decline", "da"),
    ("Kártyámat elutasították fizetéskor.", "generic_decline", "hu"),
    ("Η κάρτα μου απορρίφθηκε στην πληρωμή.", "generic_decline", "el"),
    ("Cardul meu a fost respins la plată.", "generic_decline", "ro"),
    ("Kartu saya ditolak saat membayar kursus.", "generic_decline", "id"),
    ("Kad saya ditolak semasa membuat bayaran.", "generic_decline", "ms"),
    ("Moja kartica je odbijena kod plaćanja.", "generic_decline", "hr"),
    ("Платност на картата ми изтече, какво да правя?", "expired_card", "bg"),
    ("На карте недостаточно средств, поэтому оплата не прошла.", "insufficient_funds", "ru"),
    ("我的信用卡付款失败了，怎么办？", "generic_decline", "zh"),
    ("카드 결제가 거절되었습니다.", "generic_decline", "ko"),
    ("บัตรของฉันถูกปฏิเสธตอนชำระเงิน", "generic_decline", "th"),
])
def test_a_card_declined_in_the_customers_own_words_in_stripes_other_locales(text, code, language):
    got = read_message(text)
    assert (got.get("error"), got.get("decline_code"), got.get("language")) == ("card_declined", code, language)


def test_what_i_recognised_says_the_reply_is_in_english_for_a_locale_without_reply_text():
    said = recognise("Dobrý den, moje karta byla při platbě zamítnuta, co mám dělat?").summary()
    assert "a card decline in Czech, in the customer's own words" in said
    assert "the reply to the customer is in English" in said


@pytest.mark.parametrize("text", [
    "Děkuji za fakturu, vše v pořádku.",
    "Спасибо, оплата прошла успешно!",
    "Kartu ucapan sudah dikirim kemarin.",  # a greeting card, sent
    "The card game night is cancelled, sorry.",
    "Kartra'da yeni bir kurs sayfası oluşturdum, çok güzel oldu.",  # Kartra is no Turkish "kart"
])
def test_a_card_in_another_sense_or_a_payment_that_went_through_is_no_decline(text):
    got = read_message(text)
    assert "error" not in got and "decline_code" not in got


# --- Issue 22, twelfth round: wordings of mine for the kinds corpus_fresh22k still missed -----------------

@pytest.mark.parametrize(("text", "facts"), [
    # the others pay: "everyone" is the rest, not every payment
    ("Two members couldn't renew this week; everybody else renewed just fine.", {"scope": "one_or_few"}),
    ("Everyone paying by card checked out normally. Only the two PayPal buyers got an error.",
     {"scope": "one_or_few"}),
    # renewals that did not happen, for every subscriber
    ("none of our memberships renewed this month and I can't see why", {"scope": "all", "purchase": "recurring"}),
    # a first purchase in other words
    ("A student tried to register for the spring workshop and got 'Your card was declined.'",
     {"purchase": "new", "error": "card_declined"}),
    ("My client was signing up for the bootcamp when her card got declined.", {"purchase": "new"}),
    # the expired connection in Stripe's other locales, and the German red dot declined
    ("Kartra skriver at Stripe-forbindelsen er udløbet, og ingen kan betale.", {"connection": "expired"}),
    ("Die Stripe-Kachel unter Integrationen hat seit heute einen roten Punkt.", {"connection": "expired"}),
    # Stripe's disabled charges, retold
    ("Stripe disabled charges on our account until we upload proof of address.",
     {"error": "account_not_activated", "charges_enabled": False}),
    # one customer, named after the word for customer
    ("El cliente Pablo Ortega tenía la suscripción anual y el cobro fue rechazado dos veces.",
     {"scope": "one_or_few"}),
    # insufficient funds in words apart
    ("Das Guthaben auf meiner Karte ist nicht ausreichend, sagt die Seite beim Bezahlen.",
     {"decline_code": "insufficient_funds", "language": "de"}),
    ("Il saldo sulla carta non è sufficiente, dice il sito quando provo a pagare.",
     {"decline_code": "insufficient_funds", "language": "it"}),
    # Stripe's own German wording read off a screenshot with I read as l
    ("Zahlung fehlgeschlagen\nDas Ablaufjahr lhrer Karte ist ungültig.",
     {"decline_code": "invalid_expiry_year", "language": "de"}),
])
def test_round_twelve_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # a retry of something that is no payment
    ("Kartra will retry sending the newsletter to the addresses that soft-bounced.", ("attempt", "purchase")),
    ("Stripe will retry the webhook delivery to our endpoint for up to three days.", ("attempt", "purchase")),
    # Stripe as a plan, not the processor taking payments today
    ("We only take PayPal right now and would like to add card payments with Stripe next month.",
     ("processor:stripe",)),
    # "missed" a training is no missed payment
    ("Missed our live training on subscriptions? The replay is in your members area.", ("purchase",)),
    # a colleague's question, a coupon for one more person, a bank's answer to a loan
    ("anyone seen the 'ineligible accounts' list on stripe's page? a seller can't select any", ("scope",)),
    ("Can I extend the expired coupon for just her? She missed the deadline.", ("scope",)),
    ("Our credit card application got declined by the bank, unrelated: how do I add a team member?", ("scope",)),
])
def test_round_twelve_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 13 (issue 22): classes of wording from fresh22l's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # PayPal refusing a payment, told in words or in PayPal's own description of INSTRUMENT_DECLINED
    ("I paid through PayPal for the masterclass and the payment was declined.",
     {"error": "paypal_declined", "processor": "paypal"}),
    ("Checkout popup: The instrument presented was either declined by the processor or bank, or it can't be used.",
     {"error": "paypal_declined", "processor": "paypal"}),
    ("Quise pagar el taller con PayPal, pero PayPal rechazó el pago.",
     {"error": "paypal_declined", "processor": "paypal", "language": "es"}),
    ("We take Stripe and PayPal; one buyer's card was declined on the Stripe checkout.",
     {"error": "card_declined", "processor": "paypal"}),
    # the retry cycle: a notice of the retry to come, a log's 4/4, the end told across sentences
    ("Your membership payment did not go through. We'll try your card again in 3 days.", {"attempt": "1"}),
    ("2026-11-30 02:00 rebill worker: sub_FAKE9 attempt 4/4 failed, subscription cancelled", {"attempt": "cancelled"}),
    ("My membership got cancelled this morning. Yesterday's e-mail said it was the last attempt.",
     {"attempt": "cancelled", "purchase": "recurring"}),
    ("Order    Type    Status\nKT-1  Rebill  Failed\nKT-2  Rebill  Failed\nKT-3  Rebill  Failed\nKT-4  Rebill  Failed\n"
     "Subscription status: Cancelled", {"attempt": "cancelled"}),
    ("Das ist schon der zweite gescheiterte Versuch für mein Jahresabo, die Karte wurde abgelehnt.", {"attempt": "2"}),
    ("Płatność cykliczna za kurs drugi raz nie przeszła.", {"attempt": "2", "purchase": "recurring"}),
    ("A assinatura foi cancelada após quatro tentativas falhadas.", {"attempt": "cancelled"}),
    # not enough money, in the customer's everyday words
    ("Mi banco dice que no hay fondos, por eso rechazaron la cuota.", {"decline_code": "insufficient_funds"}),
    ("Ik had niet genoeg geld op mijn rekening, daarom is de maandelijkse betaling geweigerd.",
     {"decline_code": "insufficient_funds", "language": "nl"}),
    ("口座の残高が足りなかったため、月額の決済ができませんでした。",
     {"decline_code": "insufficient_funds", "language": "ja"}),
    # a Stripe account not yet activated, in the seller's words
    ("Stripe dice que mi cuenta no puede recibir pagos hasta que complete los datos de la empresa.",
     {"error": "account_not_activated", "charges_enabled": False}),
    ("Mein Stripe-Konto ist noch nicht aktiviert, es fehlen Angaben zum Unternehmen.",
     {"error": "account_not_activated", "charges_enabled": False}),
    # guards: what these changes must keep
    ("Die Verlängerung meiner Mitgliedschaft ist fehlgeschlagen.", {"purchase": "recurring", "language": "de"}),
    ("Only one buyer can't check out, everybody else is fine.", {"scope": "one_or_few"}),
    ("Our Stripe connection expired last week and every payment fails since.", {"connection": "expired"}),
])
def test_round_thirteen_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # a refusal and a renewal or subscription in other senses, no payment named: nothing at all
    ("Unsere Bewerbung für die Messe wurde abgelehnt, und die Verlängerung des Mietvertrags steht an. "
     "Wie baue ich ein Formular?", ("purchase", "language")),
    ("Mi propuesta fue rechazada y la suscripción al canal sigue igual. ¿Cómo cambio el logo?",
     ("purchase", "language")),
    ("Konferans başvurum reddedildi ama dergi aboneliğim yenilendi. Sayfaya form nasıl eklenir?", ("purchase",)),
    ("Žádost o stáž byla zamítnuta a předplatné časopisu běží dál. Jak přidám formulář?", ("purchase",)),
    # a refund of a charge that went through; e-mails that bounced
    ("I was billed for my monthly plan today and can't use it, I'd like a refund please.", ("purchase",)),
    ("My newsletter went out and 40 addresses bounced; do they get removed or can I resend to them?", ("error",)),
    # one person, but no payment: a review, a post
    ("Just one member posted in the community that the replay lags.", ("scope",)),
    # another app's connection
    ("My Zapier connection says authentication expired, please reconnect. Where is my Kartra API key?",
     ("connection", "topic")),
])
def test_round_thirteen_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 14 (issue 22): classes of wording from fresh22m's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # a retry to come in Kartra's three days, in the customer's language
    ("Le paiement de ma mensualité a échoué, d'après l'e-mail vous allez réessayer dans 3 jours.", {"attempt": "1"}),
    ("Die Zahlung fürs Abo ist fehlgeschlagen; laut E-Mail wird es in drei Tagen erneut versucht.", {"attempt": "1"}),
    ("A havi előfizetés díját nem sikerült levonni, három nap múlva újra próbálják.", {"attempt": "1"}),
    ("The receipt says you will retry this payment, so do I need to do anything?", {"attempt": "1"}),
    # a second failure named by its ordinal, in more languages and without diacritics
    ("Bei meinem Abo ist jetzt auch die zweite Lastschrift geplatzt.", {"attempt": "2"}),
    ("会员自动续费第二次扣款失败了。", {"attempt": "2"}),
    ("karta odrzucona juz drugi raz przy miesiecznej platnosci", {"attempt": "2", "purchase": "recurring"}),
    # the end of the cycle in more of Stripe's locales
    ("Abonnementet mitt ble kansellert etter siste forsøk.", {"attempt": "cancelled"}),
    ("Son denemeden sonra aboneliğim iptal edildi.", {"attempt": "cancelled"}),
    # which of several Stripe accounts is linked, a first connection, in more languages
    ("Máme dva účty Stripe a nevím, který je propojený s Kartrou.", {"several_accounts": True, "topic": "connection"}),
    ("Vi har to Stripe-konti, hvilken er forbundet til Kartra?", {"several_accounts": True, "topic": "connection"}),
    ("Stripe ещё ни разу не подключала, с чего начать подключение?", {"connection": "none", "topic": "connection"}),
    # guards
    ("Only one customer can't pay for the course.", {"scope": "one_or_few"}),
    ("My renewal failed twice now and the e-mail says you'll try again in three days.", {"attempt": "2"}),
])
def test_round_fourteen_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # one person or nobody, with a failure word, but no payment named anywhere
    ("Eine Teilnehmerin hat die Einladung zum Workshop abgelehnt. Wie lösche ich den Termin?", ("scope", "language")),
    ("Un élève a échoué au quiz deux fois, comment le réinitialiser ?", ("scope", "language")),
    ("A student failed the final quiz three times and now can't retake it. Can I reset her attempts?",
     ("scope", "purchase")),
    ("Nobody opened my broadcast, the open rate is zero after a day.", ("scope",)),
    # a retry that is no payment's
    ("The courier will try again in three days to deliver the workbook.", ("attempt",)),
    ("My card was declined, I'll try again in three days when my salary is in.", ("attempt",)),
])
def test_round_fourteen_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 15 (issue 22): classes of wording from fresh22n's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # how payments are taken, in the seller's language
    ("Wir nutzen Stripe als Zahlungsanbieter für alle Kurse.", {"processor": "stripe"}),
    ("Používáme Stripe pro platby kartou.", {"processor": "stripe"}),
    # a Stripe account not yet activated, in more languages
    ("No Stripe diz que a conta não está ativada e os pagamentos estão desativados até eu enviar os documentos.",
     {"error": "account_not_activated", "charges_enabled": False}),
    ("Stripe sier at kontoen ikke er aktivert, vi må sende inn ID først.",
     {"error": "account_not_activated", "charges_enabled": False}),
    # the wizard's red hourglass and "configure later" in the seller's language
    ("Im Produktassistenten ist eine rote Sanduhr, ich hatte auf später konfigurieren geklickt.",
     {"error": "product_config_incomplete"}),
    # the retry cycle by its ordinal or count, in more languages
    ("La carta è stata rifiutata di nuovo sul secondo tentativo di addebito dell'abbonamento.", {"attempt": "2"}),
    ("De derde maandelijkse betaling is ook mislukt.", {"attempt": "3"}),
    ("Ежемесячный платёж по подписке не прошёл уже второй раз.", {"attempt": "2"}),
    ("Aylık üyelik ödemem üçüncü kez başarısız oldu.", {"attempt": "3"}),
    ("Min prenumeration avslutades efter sista försöket.", {"attempt": "cancelled"}),
    ("My card got declined again on the third try for the membership.", {"attempt": "3"}),
    # which of several Stripe accounts, in more languages
    ("我们有两个Stripe账户，不知道Kartra连接的是哪一个。", {"several_accounts": True, "topic": "connection"}),
    ("Имам два Stripe акаунта и не знам кой е свързан.", {"several_accounts": True, "topic": "connection"}),
])
def test_round_fifteen_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # a plan's numbered installment failing once is a first failure, not the second of the cycle
    ("La seconda rata del corso non è andata a buon fine.", ("attempt",)),
    ("Druga rata za kurs nie przeszła.", ("attempt",)),
    # Stripe's own notice at checkout, a sale that went through
    ("Мы используем Stripe для проверки данных вашей карты при оплате.", ("processor",)),
    ("Nouvelle vente ! Processeur : Stripe, statut : payé, paiement unique.", ("processor",)),
])
def test_round_fifteen_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 16 (issue 22): classes of wording from fresh22o's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # Thai arrives NFKC-normalised (ชำระ's sara am split in two): the lexicon's words must match it as pasted
    ("ไม่มีใครชำระเงินได้ตั้งแต่เมื่อวาน ทุกออเดอร์ล้มเหลว", {"scope": "all"}),
    # Russian writes ё or е in the same word
    ("Ни один платёж не проходит уже второй день.", {"scope": "all"}),
    # every rebill / renewal failing is every payment of that kind (the first held before, a guard)
    ("Since Tuesday every rebill fails with the same Stripe error.", {"scope": "all", "purchase": "recurring"}),
    ("All our rebills fail since we changed the key.", {"scope": "all"}),
    ("Seit gestern schlagen bei uns alle Zahlungen fehl.", {"scope": "all"}),
    # the others fine, in a text about one member's payment
    ("Dana, who joined in May, says her membership payment bounced. Everyone else seems fine.",
     {"scope": "one_or_few"}),
    # Korean attaches particles to its words: the connection expired, which of two accounts
    ("Stripe 연결이 만료되었습니다. 계정이 두 개라서 어느 쪽인지 모르겠어요.",
     {"connection": "expired", "several_accounts": True, "topic": "connection"}),
    # the needs-update signs in more of the seller's words
    ("L'intégration Stripe doit être réauthentifiée selon la bannière, plus rien ne passe.",
     {"connection": "expired"}),
    # a bank's no in everyday words
    ("I was buying the yearly plan and my bank just said no.", {"error": "card_declined", "purchase": "new"}),
    # PayPal's notice that an automatic payment failed
    ("Forwarding what PayPal sent me: your automatic payment to Lotus Yoga didn't go through.",
     {"error": "paypal_declined", "processor": "paypal", "purchase": "recurring"}),
    # a card's lack of cover in German, expiry in French
    ("Die Bank meint, auf meiner Karte war für die Monatsrate nicht genug Deckung.",
     {"error": "card_declined", "decline_code": "insufficient_funds"}),
    ("Ma carte est arrivée à expiration, le paiement du cours n'est pas passé.",
     {"error": "card_declined", "decline_code": "expired_card"}),
    # the Continue button in Stripe's other locales, and the customer's language from their words
    ("Hei, Jatka-nappi on harmaa kassalla enkä voi ostaa kurssia.",
     {"continue_inactive": True, "purchase": "new", "language": "fi"}),
    ("Fortsæt-knappen er grå, jeg kan ikke købe forløbet.", {"continue_inactive": True, "language": "da"}),
    # the retry cycle in more words
    ("A la clienta le falló el segundo cobro mensual también.", {"attempt": "2"}),
    ("Вторая ежемесячная оплата тоже не прошла.", {"attempt": "2"}),
    ("Propala je i druga mjesečna naplata za članarinu.", {"attempt": "2"}),
    ("Bei ihr ist die Ratenzahlung zum dritten Mal fehlgeschlagen, Kartra versucht es noch einmal.", {"attempt": "3"}),
    ("Je maandelijkse betaling is mislukt. We proberen het over drie dagen opnieuw.", {"attempt": "1"}),
    ("Langganan bulanan dibatalkan setelah percobaan terakhir gagal.", {"attempt": "cancelled"}),
    # how payments are taken in Malay; Stripe's Dashboard copied in Slovak
    ("Kedai kami terima bayaran melalui Stripe sahaja.", {"processor": "stripe"}),
    ("Stripe Dashboard ukazuje: Platby (Charges): Vypnuté, doplňte údaje o firme.",
     {"error": "account_not_activated", "charges_enabled": False}),
])
def test_round_sixteen_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # another app's connection expiring, its name in another sentence
    ("My Mailchimp audience stopped syncing. The log says: Connection expired, please reconnect.", ("connection",)),
    # Stripe's API version is a date, not when a connection was made
    ("Stripe-Version: 2023-08-16 was used with the secret key sk_live_…1234 for this request.", ("connection",)),
    # Japanese 再認証 is the connection's reauthentication, not the card's
    ("Stripeの連携に赤い丸があり、再認証が必要と表示されます。", ("decline_code", "error")),
    # a table's row is nobody's words in Romanian
    ("Declines by reason\nExpired card  5\nIncorrect CVC  2", ("language",)),
    # signing up in a testimonial, a renewal-season podcast episode
    ("Signing up was the best thing I did, and I can't wait for the next call!", ("purchase",)),
    ("Our podcast guest declined, so the renewal-season episode moves to May.", ("purchase",)),
    # a log line is no one's language (a guard: the new whole-message language reader must not read one)
    ("HTTP/1.1 500 Internal Server Error paypal-debug-id: 3cFAKE12ab\n"
     '{"name":"INTERNAL_SERVER_ERROR","message":"An internal server error has occurred."}', ("language",)),
    # a customer declining a calendar invitation, in German, is nobody's payment
    ("Eine Kundin hat die Einladung im Kalender abgelehnt, kann ich den Termin neu vergeben? Sie hat bezahlt.",
     ("scope", "language")),
    # one customer's items all declined is not every payment (a guard)
    ("One customer only: three failed charges on her plan, all with do_not_honor.", ("scope:all",)),
])
def test_round_sixteen_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 17 (issue 22): classes of wording from fresh22p's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # Stripe's name inflected is Stripe, not a design word
    ("Otamme kaikki maksut vastaan Stripen kautta, mutta nyt kukaan ei pysty maksamaan.", {"processor": "stripe"}),
    ("Sve naplaćujemo preko Stripea, a od jutros nitko ne može platiti.", {"processor": "stripe"}),
    # PayPal's IPN for a failed subscription payment, and PayPal's failure in words (corpus policy)
    ("txn_type=subscr_failed&subscr_id=I-FAKE0000&mc_gross=19.00", {"error": "paypal_declined"}),
    ("Her PayPal payment for the June box failed and PayPal says it could not be processed.",
     {"error": "paypal_declined", "processor": "paypal"}),
    ("Intenté pagar con PayPal pero PayPal no ha podido procesar el pago.", {"error": "paypal_declined"}),
    # Stripe's banner, copied without its frame
    ("Payments are paused. Charges have been disabled until you provide the missing details.",
     {"error": "account_not_activated", "charges_enabled": False}),
    # the Continue button that never lights up
    ("Two buyers say the Continue button never lights up on the order form.",
     {"continue_inactive": True, "scope": "one_or_few"}),
    ("Butang Teruskan tak aktif, saya tak boleh tekan untuk beli kursus.", {"continue_inactive": True}),
    # Kartra's notice: "That was our second attempt"; counts of failed tries; a second time in Spanish
    ("We could not collect your payment again. That was our second attempt.", {"attempt": "2"}),
    ("Her quarterly renewal: 3 failed tries so far.", {"attempt": "3"}),
    ("Es la segunda vez que falla la cuota mensual de mi alumna.", {"attempt": "2"}),
    ("Kartra zegt dat het de maandelijkse betaling over drie dagen opnieuw probeert.", {"attempt": "1"}),
    ("Mana abonementa maksājums tika atcelts pēc pēdējā neveiksmīgā maksājuma mēģinājuma.", {"attempt": "cancelled"}),
    # a table of reasons is a payment problem, so the seller's "just some customers, not everyone" counts
    ("Declines this month\nInsufficient funds  9\nDo not honor  4\nThat is a few buyers, not everybody.",
     {"scope": "one_or_few"}),
    # a product's checkout named; a second company's own Stripe account; a first connection in Polish
    ("One buyer keeps failing at checkout on the mastermind, card_declined every time.", {"purchase": "new"}),
    ("Mijn tweede bedrijf heeft een eigen Stripe-account: kan ik dat in Kartra toevoegen?",
     {"connection": "none", "topic": "connection"}),
    ("Pierwszy raz łączę Stripe, konto mam od wczoraj.", {"connection": "none"}),
    # the banner in Korean; not enough money in Polish; the CVV in Italian; nobody paying in Indonesian
    ("Kartra 상단에 Stripe 연결을 업데이트하라는 경고 배너가 있습니다.", {"connection": "expired"}),
    ("Bank napisał, że na koncie zabrakło pieniędzy na moją subskrypcję.", {"decline_code": "insufficient_funds"}),
    ("Il pagamento non passa, dice che il codice CVV è sbagliato.", {"decline_code": "incorrect_cvc"}),
    ("Sejak pagi tidak ada satu pun pembayaran yang berhasil di toko kami.", {"scope": "all"}),
    ("Avem două conturi Stripe și nu știu care e legat de Kartra.", {"several_accounts": True}),
])
def test_round_seventeen_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # another app's "action required" and its connection, in Zapier's words
    ("Zapier: Action required. Your connection to Google Sheets was lost; reconnect to turn the Zap on.",
     ("error", "processor")),
    ("Zap turned off. Your Slack connection has expired. Reconnect your Slack account in Zapier.", ("connection",)),
    # a chat line's time stamp is no connection date
    ("[09:12, 03/05/2024] Ana: Stripe says every card is fine, the checkout works again", ("connection",)),
    # a customer wanting to stay a member; a review left by one customer
    ("My subscription was cancelled after the last attempt failed. I still want to be a member.", ("scope",)),
    ("Only one customer has left a review so far; can I send a reminder a week after purchase?", ("scope",)),
    # a domain's renewal, in Swedish
    ("Förnyelsen av domänen misslyckades, uppdatera betalningsuppgifterna hos registraren.", ("purchase",)),
    # which of two accounts is linked is not wanting a second one (a guard for the new "own Stripe account")
    ("Two businesses, each with its own Stripe account; not sure which of the two is linked to Kartra.",
     ("connection",)),
])
def test_round_seventeen_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 18 (issue 22): classes of wording from fresh22q's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # the processor in words
    ("Stripe has been our payment processor for years and never failed us.", {"processor": "stripe"}),
    ("Stripe handles all of our card payments, nothing else is connected.", {"processor": "stripe"}),
    # declined in passing, and Stripe's banner in its other wording
    ("I bought the course fine, but adding the workbook upsell, it was declined.", {"error": "card_declined"}),
    ("Stripe shows: Payments are disabled. We need more information to verify your business before charges can resume.",
     {"error": "account_not_activated", "charges_enabled": False}),
    # a retry in three days, the payment named the sentence before; in Japanese and Norwegian
    ("My renewal was declined. Then an email said you'd retry in 3 days.", {"attempt": "1"}),
    ("月額プランの決済が失敗しました。Kartraが3日後に再試行します。", {"attempt": "1"}),
    ("Betalingen for medlemskapet feilet. Vi prøver på nytt om 3 dager.", {"attempt": "1"}),
    # the third attempt as a German compound, cancelled after the last failed payment in Estonian
    ("Abo-Abbuchung: 3. Abbuchungsversuch gestern fehlgeschlagen.", {"attempt": "3"}),
    ("Mu tellimus tühistati pärast viimast ebaõnnestunud makset.", {"attempt": "cancelled"}),
    # the others fine, in Italian, Danish and Czech words
    ("Il pagamento del bundle non passa per Giulia, le altre vendite vanno.", {"scope": "one_or_few"}),
    ("Betalingen fejler for Mette, alle andre kan godt købe.", {"scope": "one_or_few"}),
    ("Ostatní platby fungují normálně, jen u Petra platba neprošla.", {"scope": "one_or_few"}),
    # one pupil of mine in French; a customer by title
    ("Une de mes élèves n'arrive pas à payer son abonnement.", {"scope": "one_or_few"}),
    ("Cliente Mme Dupont : le prélèvement mensuel a échoué, carte refusée.", {"scope": "one_or_few"}),
    # Continue in Danish and Greek; nothing happening at a Polish checkout
    ("Hun kan ikke trykke på Fortsæt-knappen ved betalingen.", {"continue_inactive": True}),
    ("Το κουμπί Συνέχεια δεν ενεργοποιείται στο ταμείο.", {"continue_inactive": True}),
    ("Próbuję opłacić zamówienie na kurs i nic się nie dzieje.", {"purchase": "new"}),
    # a first connection in Japanese; the red dot in Danish; the connection expired in Lithuanian
    ("初めてStripeをKartraに接続したいです。まだ連携したことがありません。", {"connection": "none"}),
    ("Der er en røde prik ved Stripe under Integrationer.", {"connection": "expired"}),
    ("Mūsų Stripe ryšys pasibaigė, reikia jį atnaujinti.", {"connection": "expired"}),
    # not a single buyer in Lithuanian is everybody
    ("Nuo vakar nė vienas pirkėjas negali sumokėti.", {"scope": "all"}),
    # PayPal refusing in Slovak; Polish ł read as l by OCR in Stripe's own string
    ("Chcel som zaplatiť cez PayPal, ale PayPal platbu zamietol.", {"error": "paypal_declined"}),
    ("Zaktua|izuj kartę: Ważność Twojej karty wygas|a.", {"decline_code": "expired_card"}),
])
def test_round_eighteen_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # (three of these held before: guards for the round's new words)
    # a webhook's retries name no payment
    ("Webhook delivery to https://hooks.example/stripe failed with HTTP 500. Stripe will retry within 3 days.",
     ("attempt", "purchase")),
    # a newsletter about declines and retries in general
    ("This week: smart retries, soft and hard declines, and how to cut churn on subscription renewals.",
     ("error", "purchase")),
    # which of two accounts is linked, said as "which of them"
    ("I have two separate Stripe accounts and can't tell which of them the integration uses.", ("connection",)),
    # a few customers who each got a decline are not everybody; a support question quoted
    ("A few of my customers couldn't pay. They each saw their card declined at checkout.", ("scope:all",)),
    ("> Is this happening for every member or just some? Any error text helps.\nJust two members, card declined.",
     ("scope:all",)),
    # a Stripe account that can't charge is no expired connection
    ('決済はStripeです。全ての決済が失敗しています。"charges_enabled": false', ("connection",)),
])
def test_round_eighteen_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 19 (issue 22): classes of wording from fresh22r's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # cancelled "because the payment couldn't be taken after several tries"
    ("My membership was cancelled because the fee couldn't be charged after several tries.",
     {"attempt": "cancelled"}),
    # Stripe's banner: "Payments are currently disabled … missing business details"
    ("Payments are currently disabled on your account. Add the missing business details.",
     {"error": "account_not_activated", "charges_enabled": False}),
    # "no payment goes through" says the failure itself
    ("Stripe looks fine to our developer, yet no payment goes through on any checkout.", {"scope": "all"}),
    # Kartra's product error in an agent's shorthand
    ("Prod config incomplete on her checkout, told her to save the module.", {"error": "product_config_incomplete"}),
    # the third attempt of four with the ordinal first, in French; a second time in Italian; Polish's failed try
    ("Kartra a fait la 3e tentative sur 4 hier, toujours refusée.", {"attempt": "3"}),
    ("È la seconda volta che l'addebito dell'abbonamento non va a buon fine.", {"attempt": "2"}),
    ("To już druga nieudana próba pobrania opłaty za abonament.", {"attempt": "2"}),
    # cancelled after the last try in Swedish and European Portuguese
    ("Prenumerationen avbröts efter sista försöket att dra pengarna.", {"attempt": "cancelled"}),
    ("A minha subscrição foi cancelada depois de a última tentativa de cobrança ter falhado.",
     {"attempt": "cancelled", "purchase": "recurring"}),
    # PayPal's automatic payment in French
    ("PayPal : nous n'avons pas pu effectuer votre paiement automatique, le moyen de paiement a été refusé.",
     {"error": "paypal_declined", "purchase": "recurring"}),
    # a specific reason beats Stripe's generic string beside it
    ("Karta została odrzucona z powodu braku środków na koncie.", {"decline_code": "insufficient_funds"}),
    # the others fine in Spanish (a guard: it held before) and Croatian; one customer in Czech
    ("Solo una clienta tiene el error, los demás compradores no han tenido ningún problema.", {"scope": "one_or_few"}),
    ("Obnova članarine nije prošla za troje, ostale obnove prošle su normalno.", {"scope": "one_or_few"}),
    ("Problém je jen u jedné zákaznice, platba kartou neprošla.", {"scope": "one_or_few"}),
    # nobody paying in Danish, Finnish, Chinese and Japanese
    ("Vi tager betalinger med Stripe, men der er ikke kommet en eneste ordre igennem siden i går.", {"scope": "all"}),
    ("Yksikään asiakas ei pysty maksamaan tänään, maksut epäonnistuvat.", {"scope": "all"}),
    ("从昨天开始所有的订单都付款失败。", {"scope": "all"}),
    ("昨日から決済が一件も通らなくなりました。", {"scope": "all"}),
    # Continue in Swedish; a second Stripe account in Malay; which account in Indonesian
    ("Knappen Fortsätt går inte att trycka på i kassan.", {"continue_inactive": True}),
    ("Kami mahu tambah akaun Stripe kedua untuk syarikat baharu.", {"connection": "none", "topic": "connection"}),
    ("Kami punya dua akun Stripe dan tidak tahu akun mana yang terhubung ke Kartra.", {"several_accounts": True}),
    # the processor in Dutch words
    ("Stripe is onze betaalverwerker voor alle betalingen.", {"processor": "stripe"}),
])
def test_round_nineteen_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # an expired API key is the key's error, not an expired connection
    ("Kartra's integration page shows: Expired API Key provided: sk_live_…FAKE.", ("connection",)),
    # a Stripe banner asking for verification documents is the account's, not the connection's
    ("Su Stripe c'è un banner che chiede i documenti per la verifica dell'identità.", ("connection",)),
    # a newsletter's one subscriber
    ("One subscriber wrote in that her checkout conversion doubled. Unsubscribe | Preferences", ("scope",)),
    # a seller writing that nobody can buy is no one purchase, in German
    ("Niemand kann unser Coaching-Paket kaufen, jeder einzelne Checkout bricht ab.", ("purchase",)),
])
def test_round_nineteen_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 20 (issue 22): classes of wording from fresh22s's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # a retry that "was declined as well"; "3 tentatives échouées sur 4"
    ("Her renewal failed on Monday and the retry on Thursday was declined as well.", {"attempt": "2"}),
    ("Le tableau de bord affiche 3 tentatives échouées sur 4 pour son abonnement.", {"attempt": "3"}),
    # four failed monthly rows and a cancelled subscription
    ("2025-01-02 Yoga Monthly Failed\n2025-01-05 Yoga Monthly Failed\n2025-01-08 Yoga Monthly Failed\n"
     "2025-01-11 Yoga Monthly Failed\nSubscription status: Cancelled", {"attempt": "cancelled"}),
    # cancelled after the last failed try in Polish, Finnish and Malay
    ("Moja subskrypcja została anulowana po ostatniej nieudanej próbie płatności.", {"attempt": "cancelled"}),
    ("Jäsenyyteni peruttiin, koska viimeinen maksuyritys epäonnistui.", {"attempt": "cancelled"}),
    ("Langganan saya dibatalkan selepas percubaan bayaran terakhir gagal.", {"attempt": "cancelled"}),
    # a retry in three days, in Korean and Indonesian
    ("정기결제가 실패했습니다. 3일 후에 다시 결제를 시도합니다.", {"attempt": "1"}),
    ("Pembayaran langganan Anda gagal. Kami akan mencoba lagi dalam 3 hari.", {"attempt": "1"}),
    # PayPal couldn't process; PayPal suspended in Bulgarian
    ("I tried to pay with PayPal and PayPal said it couldn't process the payment.", {"error": "paypal_declined"}),
    ("PayPal ми писа, че абонаментът ми е спрян, защото плащането не е минало.", {"error": "paypal_declined"}),
    # not one sale; nobody paying in Slovenian; Latvian processor and connection
    ("Not one sale since Monday.", {"scope": "all"}),
    ("Mēs pieņemam maksājumus caur Stripe, bet Stripe savienojuma termiņš ir beidzies.",
     {"processor": "stripe", "connection": "expired"}),
    # the Integrations page's "Update needed" (a guard: the model read it before); a first connection in hiragana
    ("Integrations > Payment: Stripe ● Update needed", {"connection": "expired"}),
    ("はじめてStripeと連携したいのですが、どうすればいいですか。", {"connection": "none"}),
    # one buyer in Croatian; the others' purchases going through in Estonian
    ("Sve radi, osim kod jednog kupca: kartica je odbijena.", {"scope": "one_or_few"}),
    ("Kahel kliendil kaart lükati tagasi, teised ostud lähevad läbi.", {"scope": "one_or_few"}),
])
def test_round_twenty_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # a cancellation still to come is no end of the cycle
    ("Her payment failed for the third time; the next one is the last try before the subscription is cancelled.",
     ("attempt:cancelled",)),
    # Mailchimp's list "already been integrated" is no Stripe error
    ("Kartra says this Mailchimp list has already been integrated. Can one list feed two tags?", ("error",)),
    # Stripe's "this type of purchase" names no purchase; "all evening" is nobody else
    ('{"error": {"code": "card_declined", "message": "Your card does not support this type of purchase."}}',
     ("purchase",)),
    ('I tried to order the journal all evening and it says "Your card was declined."', ("scope",)),
    # a customer's founding-member price; "ни один клиент" is no one customer
    ("My membership was cancelled after the final try. I'd hate to lose my founding member price.", ("scope",)),
    ("Ни один клиент не может оплатить со вчерашнего дня.", ("scope:one_or_few",)),
])
def test_round_twenty_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 21 (issue 22): classes of wording from fresh22t's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # Kartra's notice: "We'll attempt to charge your card on file again in 3 days"
    ("Your monthly payment could not be processed. We'll attempt to charge your card again in 3 days.",
     {"attempt": "1"}),
    # the others "renewed without a hitch" beside "all on the Gold plan"
    ("A few members had their renewal fail, all on the Gold plan. Everybody else renewed without a hitch.",
     {"scope": "one_or_few"}),
    # the retry cycle in Portuguese, Polish, Finnish and Hungarian words
    ("A parcela da aluna falhou de novo, é a segunda tentativa de cobrança.", {"attempt": "2"}),
    ("Kartra anulowała jej subskrypcję po ostatniej nieudanej próbie pobrania płatności.", {"attempt": "cancelled"}),
    ("Kuukausitilauksesi maksu epäonnistui. Yritämme veloitusta uudelleen kolmen päivän kuluttua.", {"attempt": "1"}),
    ("A negyedik sikertelen próbálkozás után lemondták a havi előfizetésemet.", {"attempt": "cancelled"}),
    # Continue in Bulgarian; a second Stripe account in Croatian; Lithuanian expiry and which of three accounts
    ("Бутонът „Продължи“ не е активен и не мога да платя курса.", {"continue_inactive": True}),
    ("Želim u Kartri dodati još jedan Stripe račun za drugu tvrtku.", {"connection": "none", "topic": "connection"}),
    ("Stripe ryšys baigė galioti.", {"connection": "expired"}),
    ("Turiu tris Stripe paskyras ir nežinau, kurią prijungti.", {"several_accounts": True}),
])
def test_round_twenty_one_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # "since 2021" beside Stripe is no key connection's date
    ("We take all our card payments with Stripe, it has been that way since 2021.", ("connection",)),
    # Stripe's refund e-mail; Stripe's full live-charges message names no purchase and no customer
    ("Refund issued. You refunded $29.00 to a customer. Refunds take 5-10 days to appear on a customer's statement.",
     ("scope",)),
    ("Your account cannot currently make live charges. If you are a customer trying to make a purchase, please "
     "contact the owner of this site.", ("scope", "purchase")),
    # "all four payment attempts failed" is one customer's cycle
    ("My subscription got canceled after all four payment attempts failed. How do I rejoin?", ("scope",)),
    # Stripe's red banner about disabled payments, in Norwegian, is no expired connection
    ('Stripe-dashbordet har et rødt banner: "Betalinger er deaktivert på denne kontoen."', ("connection",)),
])
def test_round_twenty_one_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 22 (issue 22): classes of wording from fresh22u's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # Stripe's account not activated, tersely and in Stripe's banner; in Italian, Danish, Slovenian and Japanese
    ("Seller's Stripe acct not activated, charges off.", {"error": "account_not_activated", "charges_enabled": False}),
    ("Charges are disabled until you finish activating your account on Stripe.",
     {"error": "account_not_activated", "charges_enabled": False}),
    ("Stripe mi dice che l'account non è ancora attivato.", {"error": "account_not_activated"}),
    ("Stripe skriver at kontoen ikke er aktiveret, så vi kan ikke tage imod kort.", {"error": "account_not_activated"}),
    ("V Stripe piše, da račun ni aktiviran.", {"error": "account_not_activated"}),
    ("Stripeの管理画面に「アカウントが有効化されていないため決済できません」と表示されます。",
     {"error": "account_not_activated"}),
    # an API key that expired is Stripe's invalid key, in English and in Romanian
    ("The integration page says our Stripe API key expired last night.", {"error": "invalid_api_key"}),
    ("Kartra spune că cheia API de la Stripe a expirat.", {"error": "invalid_api_key"}),
    # PayPal's own trouble at checkout, retold
    ("A buyer paying with PayPal was told something went wrong on PayPal's side.",
     {"error": "paypal_error", "processor": "paypal"}),
    # a coaching package declined is a payment declined
    ("Hi, the monthly installment for my mentoring package was declined by my card again.",
     {"error": "card_declined"}),
    # "not a single person" is nobody
    ("We opened the cart on Monday and not a single person has been able to check out, it keeps failing.",
     {"scope": "all"}),
    # Continue that does not respond, in Dutch
    ("De knop Doorgaan reageert niet als ik de cursus wil kopen.", {"continue_inactive": True}),
    # a Turkish connection whose time ran out; a Korean first connection (Stripe with its particle)
    ("Stripe entegrasyonunun süresinin dolduğunu söylüyor.", {"connection": "expired"}),
    ("Stripe를 아직 연결한 적이 없어서 처음 연결하는 방법이 궁금합니다.", {"connection": "none"}),
    # the retry cycle: Spanish and Portuguese retries to come, Swedish and Thai counts, Turkish, Hungarian, Japanese
    ("No pudieron cobrar mi suscripción y dicen que lo intentarán de nuevo en unos días.", {"attempt": "1"}),
    ("A mensalidade não passou e vão tentar cobrar novamente amanhã.", {"attempt": "1"}),
    ("Det är andra gången min prenumeration misslyckas.", {"attempt": "2"}),
    ("ค่าสมาชิกรายเดือนรอบที่สามก็ยังไม่ผ่าน", {"attempt": "3"}),
    ("Aylık aboneliğim ikinci kez alınamadı.", {"attempt": "2"}),
    ("Az utolsó sikertelen próbálkozás után lemondták a tagságomat.", {"attempt": "cancelled"}),
    ("最後の再試行も失敗し、サブスクは解約されました。", {"attempt": "cancelled"}),
    # Stripe's own string typed without its accents, and read from a screenshot
    ("Me sale: El codigo de seguridad de la tarjeta no es valido.", {"decline_code": "invalid_cvc", "language": "es"}),
    ("El numero de tarjeta no es valido.", {"decline_code": "invalid_number", "language": "es"}),
    ("El c0digo de seguridad de la tarjeta no es vá|ido.", {"decline_code": "invalid_cvc"}),
])
def test_round_twenty_two_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # a chat's next line, whoever speaks, is no wrapped sentence of the one before
    ('client 21:02 : message "Une erreur est survenue lors du traitement de votre carte. Réessayez dans quelques '
     'secondes."\nclient 21:03 : pareil après deux essais', ("scope",)),
    # a webhook's "attempt_count": 2, "customer": … names no two customers
    ('{"type": "invoice.payment_failed", "data": {"object": {"attempt_count": 2, "customer": "cus_X1"}}}',
     ("scope",)),
    # Stripe's banner about activating the account is no expired connection; a reconnect done is none either
    ("Stripe shows a banner: your account is not activated yet.", ("connection",)),
    ("Two days ago I reconnected Stripe with the new Connect button, as the banner told me. Now the renewals fail "
     "with No such customer.", ("connection",)),
    # an API key that expired is no expired connection
    ("Kartra says my Stripe API key expired.", ("connection",)),
])
def test_round_twenty_two_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 23 (issue 22): classes of wording from fresh22v's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # a second Stripe account, in French ("branché") and Lithuanian; several, in Hungarian's possessive
    ("Norime prijungti antrą Stripe paskyrą prie Kartra.", {"connection": "none"}),
    ("Három Stripe-fiókom van, és nem tudom, melyik van a Kartrához kötve.", {"several_accounts": True}),
    # "support" in a message is no veto of a second account
    ("Can I add a second Stripe account for my other business? Asking support before I try.",
     {"connection": "none"}),
    # PayPal's "something went wrong" in Italian and Spanish
    ("Pagando con PayPal compare: Si è verificato un problema, riprova più tardi.", {"error": "paypal_error"}),
    ("Con PayPal me sale: Se produjo un problema. Inténtalo de nuevo.", {"error": "paypal_error"}),
    # insufficient funds in Polish words; one customer in Polish, Japanese and Estonian
    ("Płatność nie przeszła, bank mówi, że nie mam wystarczających środków na karcie.",
     {"decline_code": "insufficient_funds"}),
    ("Klientka nie może opłacić odnowienia, karta odrzucona.", {"scope": "one_or_few"}),
    ("お客様のお一人から、決済に失敗したと連絡がありました。", {"scope": "one_or_few"}),
    ("Üks klient ütleb, et nupp „Jätka” on hall ega reageeri.", {"continue_inactive": True, "scope": "one_or_few"}),
    # Kartra's banner about the Stripe connection, in Polish
    ("Na górze w Kartrze jest baner, że połączenie ze Stripe wymaga aktualizacji.", {"connection": "expired"}),
    # the processor in Indonesian
    ("Toko kami menerima pembayaran lewat Stripe sejak tahun lalu.", {"processor": "stripe"}),
    # the retry cycle in Czech, Bulgarian and Slovenian
    ("Předplatné mi zrušili po posledním nezdařeném pokusu o platbu.", {"attempt": "cancelled"}),
    ("Абонаментът ми не мина за втори път този месец.", {"attempt": "2"}),
    ("Naročnina ni bila plačana, plačilo bodo ponovno poskusili čez tri dni.", {"attempt": "1"}),
    # nobody paying, said with "at all"
    ("Copied from my dashboard. No payments at all are going through.", {"scope": "all"}),
    # the processor said with "every payment" is no one failing: the one client is
    ("We take every payment through Stripe, have done for years. This morning one client's retainer got declined.",
     {"scope": "one_or_few", "processor": "stripe"}),
    # the Dashboard's Payments list: a failed row per payment, its reason in a column
    ("Amount  Status  Reason  Customer\n$49.00  Failed  Insufficient funds  a***@example.com\n"
     "$49.00  Failed  Insufficient funds  a***@example.com", {"decline_code": "insufficient_funds"}),
])
def test_round_twenty_three_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # "two failed charges" in a customer's own e-mail counts tries, not customers
    ("My renewal failed again, so that's two failed charges now. How do I update my card?", ("scope",)),
    # "maar één login" is one login, not one customer
    ("Ik probeerde de verlopen Stripe-koppeling bij te werken maar krijg: Connection failed: Stripe account does "
     "not match. Ik heb maar één login bij Stripe.", ("scope",)),
])
def test_round_twenty_three_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 24 (issue 22): classes of wording from fresh22w's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # nobody has bought; not one checkout
    ("Nobody has bought the spring course since Friday.", {"scope": "all"}),
    ("Not one checkout has gone through on the new funnel today.", {"scope": "all"}),
    # a retry's ordinal far from its failure
    ("Kartra wrote that the second attempt to take the payment for my yearly membership has failed.",
     {"attempt": "2"}),
    # the Dashboard's Payments list, its reason in a later column
    ("Amount  Status  Description  Decline reason\n$30.00  Failed  Order 1001  Do not honor\n"
     "$30.00  Failed  Order 1002  Do not honor", {"decline_code": "do_not_honor"}),
    # Kartra's transactions list: four failed rebills, the subscription cancelled
    ("Date           Order ID          Type              Amount     Status\n"
     "Feb 1, 2025    ORD-FAKE-1201     Rebill            $59.00     Failed\n"
     "Feb 4, 2025    ORD-FAKE-1214     Rebill (retry)    $59.00     Failed\n"
     "Feb 7, 2025    ORD-FAKE-1230     Rebill (retry)    $59.00     Failed\n"
     "Feb 10, 2025   ORD-FAKE-1248     Rebill (retry)    $59.00     Failed\n\nSubscription status: Cancelled",
     {"attempt": "cancelled"}),
    # a first-ever connection
    ("This is our first-ever Stripe connection and the Connect button just reloads the page.",
     {"connection": "none"}),
    # a French direct debit refused; Continue inactive in French, Croatian and Malay
    ("La banque a refusé le prélèvement de mon abonnement.", {"error": "card_declined"}),
    ("Le bouton « Continuer » reste inactif quand je veux m'inscrire.", {"continue_inactive": True}),
    ("Gumb Nastavi je siv i ne mogu kliknuti na njega.", {"continue_inactive": True}),
    ("Butang Teruskan tak boleh ditekan walaupun semua maklumat sudah diisi.", {"continue_inactive": True}),
    # the processor "a través de Stripe"; one student in Japanese; nobody in Finnish
    ("Cobramos las inscripciones a través de Stripe.", {"processor": "stripe"}),
    ("受講生の一人（山田様）から、決済に失敗したと連絡がありました。", {"scope": "one_or_few"}),
    ("Kukaan ei ole pystynyt maksamaan kurssia eilisen jälkeen.", {"scope": "all"}),
    # the retry cycle in Romanian, Indonesian and Polish
    ("A treia încercare de plată a abonamentului a eșuat.", {"attempt": "3"}),
    ("Pembayaran langganan gagal dan akan dicoba lagi dalam 3 hari.", {"attempt": "1"}),
    ("Druga próba pobrania opłaty za subskrypcję też się nie powiodła.", {"attempt": "2"}),
    # a Slovenian key connection of 2023, and its connection said to have expired
    ("Stripe smo povezali z API ključi februarja 2023.", {"connection": "expired"}),
    ("V Kartri piše, da je povezava s Stripe potekla.", {"connection": "expired"}),
])
def test_round_twenty_four_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # another app's bank feed connection
    ("Your Xero bank feed connection has expired. Reconnect your bank within 7 days.", ("connection",)),
    # "I filled in everything" is no one's scope
    ('Agent note: Kundin schreibt: "Ich habe alles ausgefüllt, aber der Weiter-Button bleibt grau, ich kann '
     'nicht klicken." Checkout for the course.', ("scope",)),
])
def test_round_twenty_four_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


def test_a_table_of_reasons_is_told_in_words_not_code_ids():
    """What the seller reads under "I recognised": the Dashboard's words ("do not honor"), never an id."""
    said = recognise("Amount    Status   Decline reason   Customer\n"
                     "$80.00    Failed   Do not honor     a***@example.com\n"
                     "$80.00    Failed   Do not honor     b***@example.com\n").summary()
    assert "do not honor (2)" in said and "do_not_honor" not in said


def test_the_retry_cycle_is_quoted_as_the_person_wrote_it():
    said = recognise("Hallo, meine Monatszahlung ist zum zweiten Mal fehlgeschlagen. Was nun?").summary()
    assert "'Hallo, meine Monatszahlung ist zum zweiten Mal fehlgeschlagen.'" in said


# Round 25 (issue 22): classes of wording from fresh22x's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # the retry cycle: "2 of 4 attempts failed", Kartra's "a new attempt will be made", French, Swedish, Croatian,
    # Japanese
    ("Her renewal bounced again: 2 of 4 attempts failed so far.", {"attempt": "2"}),
    ("Your subscription payment could not be processed. A new attempt will be made automatically in 3 days.",
     {"attempt": "1"}),
    ("Mon abonnement n'est pas passé, c'est la deuxième fois ce mois-ci.", {"attempt": "2"}),
    ("Prenumerationen avslutades efter det sista dragningsförsöket.", {"attempt": "cancelled"}),
    ("Kartra mi je otkazala članarinu nakon zadnjeg pokušaja naplate.", {"attempt": "cancelled"}),
    ("月額プランのお支払いができませんでした。3日後に再度お支払いを試みます。", {"attempt": "1"}),
    # PayPal: the selected funding source refused; the German automatic payment not carried out
    ("PayPal said the payment can't be completed with my selected funding source.", {"error": "paypal_declined"}),
    ("PayPal schreibt: Ihre automatische Zahlung konnte nicht durchgeführt werden.", {"error": "paypal_declined"}),
    # nobody: zero payments; "ningún cobro"; not a single purchase in Hungarian
    ("Zero payments have come through since I published the course on Monday.", {"scope": "all"}),
    ("Ningún cobro funciona desde el martes y no sé por qué.", {"scope": "all"}),
    ("Tegnap óta egyetlen vásárlás sem megy át.", {"scope": "all"}),
    # Stripe's account never activated; the processor "Stripe's our processor"
    ("Stripe account was never activated, so charges are off.", {"error": "account_not_activated"}),
    ("Stripe's our processor for all the courses.", {"processor": "stripe"}),
    # the wizard's red hourglass in Korean and Chinese; Bulgarian connection expired
    ("상품 설정에 빨간 모래시계 아이콘이 보여요.", {"error": "product_config_incomplete"}),
    ("产品向导里有一个红色沙漏。", {"error": "product_config_incomplete"}),
    ("Връзката със Stripe е изтекла.", {"connection": "expired"}),
    # Dutch: the button can't be clicked; paying at checkout ("afrekenen")
    ("Ik kan niet op de knop Doorgaan klikken op de bestelpagina.", {"continue_inactive": True}),
    ("Bij het afrekenen van de workshop wordt mijn kaart geweigerd.", {"purchase": "new"}),
    # "solo lei": one customer has the problem, though all of her payments failed
    ("Quattro pagamenti falliti, tutti rifiutati. Solo lei ha questo problema.", {"scope": "one_or_few"}),
])
def test_round_twenty_five_wordings(text, facts):
    assert_states(text, facts)


def test_round_twenty_five_each_with_its_own_order_id_is_no_every_payment():
    """"each with its own order ID" is no "every payment": the four are one customer's. (Since round 29 the learned
    model reads one plan's cycle as one customer's, 84% sure, which is what the seller means; the round's point is
    that it is not everyone's.)"""
    said = read_message("Kartra cancelled the plan after the last retry. I see four failed payments, each with its "
                        "own order ID.")
    assert said.get("scope") != "all"


# Round 26 (issue 22): classes of wording from fresh22y's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # the retry cycle: German and Dutch retries with words between, Spanish "después de la última", Polish, Turkish,
    # Estonian, Slovenian, English "after several attempts"
    ("Die Abbuchung für Ihr Abo ist fehlgeschlagen. Wir versuchen die Zahlung in drei Tagen noch einmal erneut.",
     {"attempt": "1"}),
    ("Uw maandelijkse betaling is mislukt. We proberen de incasso over 3 dagen opnieuw.", {"attempt": "1"}),
    ("Mi suscripción fue rechazada varias veces y después de la última la cancelaron.", {"attempt": "cancelled"}),
    ("To trzecia nieudana próba pobrania opłaty za abonament.", {"attempt": "3"}),
    ("Aboneliğim iptal edildi. E-postada dört ödeme denemesinin de başarısız olduğu yazıyor.",
     {"attempt": "cancelled"}),
    ("Igakuine liikmemaks ebaõnnestus teist korda.", {"attempt": "2"}),
    ("Naročnina je bila preklicana po zadnjem neuspelem poskusu plačila.", {"attempt": "cancelled"}),
    ("Your payment could not be processed after several attempts, and your membership has been cancelled.",
     {"attempt": "cancelled"}),
    # Stripe's name with an Estonian case ending; nobody paying in Japanese and Chinese
    ("Meil on kaks Stripe'i kontot ja ma ei tea, kumb on Kartraga ühendatud.", {"several_accounts": True}),
    ("全ての商品で決済ができません。", {"scope": "all"}),
    ("我们所有的结账页面都收不到付款。", {"scope": "all"}),
])
def test_round_twenty_six_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # Chinese 更新 is "update", not a renewal (a guard: the Chinese words for payments not coming in, added this round,
    # had made it one)
    ("从上周开始所有的结账页面都收不到付款，Stripe 连接已过期，请问怎么更新？", ("purchase",)),
])
def test_round_twenty_six_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 27 (issue 22): classes of wording from fresh22z's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # the retry cycle: "failed four times … gave up" beside a cancelled membership; Dutch, Danish and Japanese counts
    ("My subscription got cancelled yesterday. The card was declined four times in a row and then the system gave up.",
     {"attempt": "cancelled"}),
    ("Mijn jaarabonnement is weer niet betaald. Dit is al de tweede mislukte poging.", {"attempt": "2"}),
    ("Mit medlemskab er ikke betalt, og nu fejler det for anden gang.", {"attempt": "2"}),
    ("サブスクの支払いが通りません。もう3回失敗しています。", {"attempt": "3"}),
    # one customer from somewhere, a head count of one (an agent's note)
    ("Klant uit Gent: de betaling van haar cursus is geweigerd.", {"scope": "one_or_few"}),
    ("Zahlung abgelehnt, betrifft 1 Kundin.", {"scope": "one_or_few"}),
    # how payments are taken, in Korean and Vietnamese
    ("저희 쇼핑몰은 Stripe를 통해 결제를 받습니다. 그런데 결제가 안 됩니다.", {"processor": "stripe"}),
    ("Cửa hàng của tôi dùng Stripe là cổng thanh toán chính.", {"processor": "stripe"}),
    ("Mọi giao dịch trên trang của tôi đều thất bại từ sáng nay.", {"scope": "all"}),
    # the red dot in Polish's cases; a new Stripe connection in Finnish; two accounts in Thai
    ("Przy kafelku Stripe widzę czerwoną kropkę.", {"connection": "expired"}),
    ("Haluan luoda uuden Stripe-yhteyden verkkokaupalleni.", {"connection": "none", "topic": "connection"}),
    ("บริษัทเรามีบัญชี Stripe สามบัญชี ไม่แน่ใจว่าอันไหนเชื่อมกับ Kartra", {"several_accounts": True}),
    # PayPal pausing the subscription, in Estonian; the customer's words inside a helpdesk's JSON
    ("Sain PayPalilt e-kirja: minu igakuist makset ei saanud teha ja tellimus on peatatud.",
     {"error": "paypal_declined", "processor": "paypal"}),
    ('{"threads": [{"type": "customer", "body": "Salve, sto cercando di pagare la lezione con PayPal e vedo solo: '
     'Things don\'t appear to be working at the moment. Grazie"}]}', {"language": "it"}),
    # OCR's 1 for an I between capitals in PayPal's code (a guard: the fuzzy reading that caught it is gone)
    ("PayPal checkout\nINSTRUMENT_DECL1NED", {"error": "paypal_declined"}),
])
def test_round_twenty_seven_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # a plan's instalment declined is no PayPal code, whatever its letters
    ("Two clients had their instalment declined this week.", ("processor",)),
    # students failing a quiz in the membership area; Italian "alla" is not Swedish "alla"
    ("A few students told me the membership quiz keeps failing them even with all answers right.", ("scope",)),
    ("Ho provato a iscrivermi alla membership ma la carta è stata rifiutata.", ("scope",)),
    # a webhook retried to Zapier; nobody able to pay through PayPal (every payment, not PayPal refusing one)
    ("El webhook hacia Zapier falló y se reintentará en 5 minutos. Los pedidos no se ven afectados.", ("purchase",)),
    ("Přijímáme platby přes PayPal a od včerejška nikdo nemůže zaplatit.", ("error",)),
    # a key connection that has expired is the connection's expiry, not an expired key
    ("Vår Stripe-koppling gjordes med API-nycklar 2022 och den har gått ut nu.", ("error",)),
    # a newsletter weighing two processors
    ("Webinar next week: Stripe or PayPal, which processor suits your payments best?", ("processor",)),
])
def test_round_twenty_seven_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)



def test_bokmal_or_danish_is_neither_swedish_nor_german():
    """lingua can't tell Bokmål from Danish for sure on a line; a reply language voted for by the words they share
    ("men", "er") is then the one answer known to be wrong. Either way the reply to the customer is in English."""
    said = read_message("Hei! Jeg skal bestille kurset ditt, men Fortsett-knappen er grå.")
    assert said.get("language") in ("nb", "da")


# Round 28 (issue 22): classes of wording from fresh22aa's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # the retry cycle: "the final payment retry" beside a cancelled subscription; Spanish "van a volver a intentar";
    # Italian "tutti i tentativi" beside a cancellation; German "zum zweiten Mal nicht durchgegangen"
    ("Your plan has been cancelled. The final payment retry was unsuccessful as well.", {"attempt": "cancelled"}),
    ("No pudimos cobrar tu suscripción mensual; lo van a volver a intentar dentro de unos días.", {"attempt": "1"}),
    ("Le hanno cancellato l'abbonamento dopo che Kartra ha fatto tutti i tentativi.", {"attempt": "cancelled"}),
    ("Die Mitgliedsbeitrag-Abbuchung ist nun zum zweiten Mal nicht durchgegangen.", {"attempt": "2"}),
    # one customer, though a calendar is named in another sentence of the e-mail
    ("Wir nutzen seit Montag den neuen Kalender. Bei einer Kundin ist die Zahlung heute abgelehnt worden.",
     {"scope": "one_or_few"}),
    # Japanese: a certain member; the red mark after a Latin name; a card that did not go through
    ("ある会員様の月額決済が失敗しました。", {"scope": "one_or_few"}),
    ("設定画面でStripeに赤いマークが表示されています。", {"connection": "expired"}),
    ("講座を申し込もうとしたらカードが通らなかったです。", {"error": "card_declined"}),
    # PayPal's server error told over two sentences, and in Portuguese
    ("I picked PayPal at checkout. Then it said: Something went wrong on our end, sorry.",
     {"error": "paypal_error", "processor": "paypal"}),
    ("Escolhi PayPal e apareceu que algo não está funcionando no momento.", {"error": "paypal_error"}),
    # joining a monthly plan is a new purchase
    ("I was trying to join your monthly coaching club and got an error about my card's security code.",
     {"purchase": "new"}),
    # Polish typed without its letters; Estonian payments through Stripe and none going through
    ("Probowalam zaplacic za kurs, ale pokazuje ze brak srodkow na karcie.", {"decline_code": "insufficient_funds"}),
    ("Maksed käivad meil läbi Stripe'i.", {"processor": "stripe"}),
    ("Täna ei lähe ükski makse läbi.", {"scope": "all"}),
])
def test_round_twenty_eight_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # Kartra's connection errors carry no topic of their own (only a first connection or several accounts do)
    ("When I connect Kartra, Stripe lists my account under Ineligible accounts.", ("topic",)),
    # a connection that went through is no first connection
    ("Brand new shop here. We set up Stripe and the connection went through, but charges fail: Your account cannot "
     "currently make live charges.", ("connection",)),
    # a course lesson's button
    ("The 'Complete and continue' button under lesson 3 stays grey.", ("continue_inactive",)),
    # Portuguese "com" is no Checkout.com; a seller testing with a real card is no customer to answer in Portuguese
    ("Testei o checkout com o meu cartão: Your request was in test mode, but used a non test card.",
     ("processor", "language")),
    # PayPal for affiliate commissions, in Japanese (a guard: Latin names are now words on both sides)
    ("アフィリエイト報酬の受け取りにPayPalを使いたいです。", ("processor",)),
])
def test_round_twenty_eight_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 29 (issue 22): classes of wording from fresh22ab's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # a decline code named in a seller's prose
    ("In the Dashboard the decline reason is fraudulent for that buyer.", {"decline_code": "fraudulent"}),
    # the monthly one; a payment for a pack
    ("My card got declined on the monthly again.", {"purchase": "recurring"}),
    ("The payment for the 5-session bundle keeps saying declined.", {"purchase": "new"}),
    # Spanish that shares as many common words with Italian ("la", "del") is told by its own ("este", "el")
    ("A este cliente le vuelve a fallar la cuota del curso.", {"language": "es"}),
    # Dutch: failed several times, then cancelled; no balance on the card
    ("Het abonnement is meerdere keren mislukt en daarna opgezegd.", {"attempt": "cancelled"}),
    ("Ik had geen saldo op mijn kaart toen de betaling van de cursus werd geweigerd.",
     {"decline_code": "insufficient_funds"}),
    # Swedish word order in a subordinate clause; Russian "не проходит" with a count
    ("Hon säger att knappen Fortsätt inte går att klicka på i kassan.", {"continue_inactive": True}),
    ("Уже второй раз не проходит оплата подписки.", {"attempt": "2"}),
    # Slovak: a payment for a course
    ("Platba cez PayPal za kurz neprešla, PayPal ju odmietol.", {"purchase": "new"}),
    # ... and a Czech installment for a course stays one (a guard: "za kurz" is a purchase's words now)
    ("Dnes mi neprošla další splátka za kurz, karta byla odmítnuta.", {"purchase": "recurring"}),
    # the customer's words above a command pasted from a terminal
    ("O clientă nu poate plăti, iată ce arată Stripe CLI:\n$ stripe charges list --limit 1 --customer cus_FAKE9\n"
     '{"data": [{"status": "failed", "failure_code": "card_declined", "failure_message": "Your card was declined."}]}',
     {"language": "ro"}),
])
def test_round_twenty_nine_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # an invoice asked for after buying; every renewal failing is the account's, no one payment's kind
    ("I bought your masterclass for my team. Please issue an invoice with our VAT number.", ("purchase",)),
    ("Since Monday none of our membership renewals have gone through.", ("purchase",)),
    # the Payments list's tabs
    ("Payments  All | Succeeded | Refunded | Failed\n$29.00  Failed  Your card was declined.", ("scope",)),
])
def test_round_twenty_nine_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 30 (issue 22): classes of wording from fresh22ac's and fresh22ad's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # one customer named by her title, by a payment of hers, or quoted ("the customer writes:")
    ("Bei Herrn Schulte ist die Lastschrift für den Kurs geplatzt.", {"scope": "one_or_few"}),
    ("Il pagamento di Giulia per il corso è stato rifiutato.", {"scope": "one_or_few"}),
    ("Kundin schreibt: \"Meine Karte wurde abgelehnt, was soll ich tun?\"", {"scope": "one_or_few"}),
    ("Dezelfde klant weer: kaart geweigerd bij het afrekenen.", {"scope": "one_or_few"}),
    # every payment, no customer able to pay, in the reply languages and Croatian
    ("Seit heute früh scheitert jede Zahlung im Shop.", {"scope": "all"}),
    ("Nijedan klijent ne može platiti tečaj od jučer.", {"scope": "all"}),
    ("昨日から全部の支払いが通りません。", {"scope": "all"}),
    # Stripe's other locales typed without their letters' marks: a card refused, a membership
    ("Korttini hylattiin kun maksoin jasenmaksua.", {"decline_code": "generic_decline", "language": "fi"}),
    ("Platba za mesacne clenstvo nepresla, na ucte nie je dost penazi.",
     {"decline_code": "insufficient_funds", "purchase": "recurring"}),
    # a wrong security code in a locale payassist has no reply text for
    ("Kursa odeme yaparken guvenlik kodu hatali diyor.", {"decline_code": "incorrect_cvc", "language": "tr"}),
    # the fourth try, then the end; the third in Japanese; Kartra's retry to come, in Chinese
    ("De incasso is vier keer mislukt en toen werd het lidmaatschap geannuleerd.", {"attempt": "cancelled"}),
    ("月会費の引き落としが3回目の失敗になりました。", {"attempt": "3"}),
    ("续费扣款失败了。邮件说三天后会再扣一次。", {"attempt": "1"}),
    # Stripe's account field in a sentence; PayPal's REST error; a key said to be invalid
    ("Im Stripe-Konto steht charges_enabled ist false.", {"error": "account_not_activated"}),
    ('{"name": "INTERNAL_SERVICE_ERROR", "message": "An internal service error has occurred."}',
     {"error": "paypal_error"}),
    ("After I rotated the secret key, Kartra says my API key is invalid.", {"error": "invalid_api_key"}),
    # selling through Stripe is how payments are taken
    ("Nous vendons nos formations uniquement via Stripe.", {"processor": "stripe"}),
    # the customer's language beside Stripe's English message, quoted
    ('Egy vásárló ezt kapta a kurzus megvásárlásakor: "Your card was declined for making repeated attempts too '
     'frequently or exceeding its amount limit." Mit tegyünk?', {"language": "hu"}),
    ('Jeden zákazník při nákupu zadal kartu a Stripe vrátil: "Your card was declined. Your request was in live mode, '
     'but used a known test card."', {"language": "cs"}),
])
def test_round_thirty_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # a greeting, a signature, an invitation declined: no customer's payment
    ("Sehr geehrte Frau Hartmann, meine Zahlung ist fehlgeschlagen.", ("scope",)),
    ("Herr Vogel hat die Einladung zum Webinar abgelehnt.", ("scope",)),
    ("Customer says the discount coupon has expired.", ("scope",)),
    # a customer's debit card from her bank is no customer named
    ("Usei o cartão do Nubank e o pagamento foi recusado.", ("scope",)),
    # Vietnamese "thẻ" without its marks is English's "the"; Spanish "solo él" is "solo el" (only the)
    ("Nobody opened the newsletter this week.", ("scope",)),
    ("¿Cómo hago que solo el grupo avanzado vea el módulo 6?", ("scope",)),
])
def test_round_thirty_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)


# Round 31 (issue 22): classes of wording from fresh22ae's misses, in words of mine.
@pytest.mark.parametrize(("text", "facts"), [
    # the same person failing again
    ("Second declined rebill this month for the same lady, Stripe says do_not_honor.", {"scope": "one_or_few"}),
    # Polish's imperfective "was being declined"
    ("Moja karta była odrzucana przy każdej próbie zakupu kursu.", {"error": "card_declined"}),
    # Swedish: "a new attempt is made in a few days", Kartra's retry to come
    ("Förnyelsen av medlemskapet misslyckades, ett nytt försök görs om några dagar.", {"attempt": "1"}),
    # Japanese: the Continue button "can't be pressed" in its connective form, and so no purchase
    ("「続ける」ボタンが押せず、講座を購入できません。", {"continue_inactive": True, "purchase": "new"}),
    # Romanian's subjunctive "să cumpere": a purchase
    ("Clienta mea nu reușește să cumpere cursul, cardul este refuzat.", {"purchase": "new"}),
])
def test_round_thirty_one_wordings(text, facts):
    assert_states(text, facts)


@pytest.mark.parametrize(("text", "absent"), [
    # nobody able to buy, in Japanese, is every payment and no one purchase
    ("昨日から誰も購入できません。決済が全部失敗しています。", ("purchase",)),
])
def test_round_thirty_one_wordings_that_state_nothing_of_the_kind(text, absent):
    assert_lacks(text, absent)
