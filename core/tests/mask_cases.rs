//! PII masking as a specification: what is masked, and the ordinary numbers
//! that must survive untouched.

use proptest::prelude::*;
use touchpoint_core::mask::mask;

/// (input, expected output).
const CASES: &[(&str, &str)] = &[
    // ---- e-mail addresses
    ("mail me at jane.doe@example.com", "mail me at [email]"),
    ("JANE.DOE@EXAMPLE.COM", "[email]"),
    ("jane+tickets@mail.example.co.uk please", "[email] please"),
    ("first_last-99@sub.domain.org.", "[email]."),
    ("(bob@example.net)", "([email])"),
    ("<alice@example.io>", "<[email]>"),
    ("mailto:support@shop.example", "mailto:[email]"),
    ("write to josé.garcía@correo.es", "write to [email]"),
    ("o'brien@example.ie replied", "[email] replied"),
    ("a@b.co", "[email]"),
    ("two: a@x.org, b@y.org", "two: [email], [email]"),
    ("email:me@example.com;thanks", "email:[email];thanks"),
    ("\"quoted\" x_y@z-domain.com", "\"quoted\" [email]"),
    ("name@domain.museum", "[email]"),
    ("ref 12345 user99@example.com", "ref 12345 [email]"),
    // not e-mail addresses
    ("follow @touchpoint on social", "follow @touchpoint on social"),
    ("meet @ 5pm", "meet @ 5pm"),
    ("user@localhost", "user@localhost"),
    ("a@b.c", "a@b.c"),
    ("x@.com", "x@.com"),
    ("@example.com", "@example.com"),
    ("price @ 3.50 each", "price @ 3.50 each"),
    ("user@-bad.com", "user@-bad.com"),
    ("user@domain.123", "user@domain.123"),
    // ---- phone numbers, international
    ("call +44 20 7946 0958 today", "call [phone] today"),
    ("+1 (555) 123-4567", "[phone]"),
    ("+1-555-123-4567", "[phone]"),
    ("+33 1 23 45 67 89", "[phone]"),
    ("+49 30 1234567", "[phone]"),
    ("+49-30-1234567.", "[phone]."),
    ("+44 (0)20 7946 0958", "[phone]"),
    ("+447700900123", "[phone]"),
    ("+91 98765 43210", "[phone]"),
    ("+61 2 9876 5432", "[phone]"),
    ("+81 3-1234-5678", "[phone]"),
    ("+353 1 234 5678", "[phone]"),
    ("0044 20 7946 0958", "[phone]"),
    ("0049 30 1234567", "[phone]"),
    ("Tel:+31 20 123 4567", "Tel:[phone]"),
    ("(+44 20 7946 0958)", "([phone])"),
    ("“+44 20 7946 0958”", "“[phone]”"),
    // phone numbers, national
    ("(555) 123-4567", "[phone]"),
    ("555-123-4567", "[phone]"),
    ("555.123.4567", "[phone]"),
    ("555 123 4567", "[phone]"),
    ("1-800-555-1234", "[phone]"),
    ("020 7946 0958", "[phone]"),
    ("07700 900123", "[phone]"),
    ("07700900123", "[phone]"),
    ("01 23 45 67 89", "[phone]"),
    ("030 1234567", "[phone]"),
    ("call me on 0161 496 0000 after 6", "call me on [phone] after 6"),
    ("ring 555-123-4567, ext 12", "ring [phone], ext 12"),
    ("numbers 555-123-4567 and 020 7946 0958", "numbers [phone] and [phone]"),
    ("on 2024-03-15 I rang 555-123-4567", "on 2024-03-15 I rang [phone]"),
    // ---- card numbers (test numbers of the card networks)
    ("card 4111 1111 1111 1111 exp 12/27", "card [card] exp 12/27"),
    ("4111-1111-1111-1111", "[card]"),
    ("4111111111111111", "[card]"),
    ("5555 5555 5555 4444", "[card]"),
    ("5105105105105100", "[card]"),
    ("3782 822463 10005", "[card]"),
    ("378282246310005", "[card]"),
    ("6011 1111 1111 1117", "[card]"),
    ("3566 0020 2036 0505", "[card]"),
    ("2223 0031 2200 3222", "[card]"),
    ("4012888888881881.", "[card]."),
    ("paid with 4242424242424242!", "paid with [card]!"),
    ("4000 0566 5566 5556, thanks", "[card], thanks"),
    ("cards 4111111111111111 and 5555555555554444", "cards [card] and [card]"),
    // not cards: Luhn fails, wrong length, wrong first digit
    ("4111 1111 1111 1112", "4111 1111 1111 1112"),
    ("1234 5678 9012 3456", "1234 5678 9012 3456"),
    ("tracking 1Z999AA10123456784", "tracking 1Z999AA10123456784"),
    ("serial 9111111111111111", "serial 9111111111111111"),
    ("4111 1111 1111", "4111 1111 1111"),
    // ---- ordinary numbers that must stay
    ("I ordered 3 items", "I ordered 3 items"),
    ("we need 250 units by Friday", "we need 250 units by Friday"),
    ("quantity: 1200", "quantity: 1200"),
    ("order #123456789", "order #123456789"),
    ("order #0123456789", "order #0123456789"),
    ("order no. 123456789", "order no. 123456789"),
    ("invoice INV-2024-000123", "invoice INV-2024-000123"),
    ("ticket 4567", "ticket 4567"),
    ("on 2024-03-15", "on 2024-03-15"),
    ("on 15/03/2024", "on 15/03/2024"),
    ("on 03/15/2024 at 10:30", "on 03/15/2024 at 10:30"),
    ("15.03.2024", "15.03.2024"),
    ("2024-03-15 10:30:00", "2024-03-15 10:30:00"),
    ("2024-03-15T10:30:00Z", "2024-03-15T10:30:00Z"),
    ("between 2019-2023", "between 2019-2023"),
    ("at 10:30", "at 10:30"),
    ("from 9:00 to 17:30", "from 9:00 to 17:30"),
    ("10.30am", "10.30am"),
    ("it cost $1,299.99", "it cost $1,299.99"),
    ("€ 1.299,00", "€ 1.299,00"),
    ("£45.50 for 2", "£45.50 for 2"),
    ("1 299,99 €", "1 299,99 €"),
    ("USD 2500", "USD 2500"),
    ("1,000,000 users", "1,000,000 users"),
    ("1 000 000 users", "1 000 000 users"),
    ("123 456 789", "123 456 789"),
    ("version 1.2.3", "version 1.2.3"),
    ("v2.10.4", "v2.10.4"),
    ("Windows 10.0.19041.1234", "Windows 10.0.19041.1234"),
    ("iOS 17.4.1", "iOS 17.4.1"),
    ("server 192.168.1.254", "server 192.168.1.254"),
    ("3.14159", "3.14159"),
    ("postcode 10115", "postcode 10115"),
    ("ZIP 90210-1234", "ZIP 90210-1234"),
    ("waited 45 minutes, 2 hours in total", "waited 45 minutes, 2 hours in total"),
    ("rated 5/5", "rated 5/5"),
    ("page 12 of 30", "page 12 of 30"),
    ("room 1204, floor 12", "room 1204, floor 12"),
    ("-5 degrees", "-5 degrees"),
    ("+5 stars", "+5 stars"),
    ("+15%", "+15%"),
    ("year 2024", "year 2024"),
    ("12345678", "12345678"),
    ("ABC1234567890", "ABC1234567890"),
    ("1234567890abc", "1234567890abc"),
    ("no numbers here", "no numbers here"),
    ("", ""),
    // ---- placeholders are stable
    ("[email] [phone] [card]", "[email] [phone] [card]"),
];

#[test]
fn every_case_masks_exactly_the_personal_data() {
    assert!(CASES.len() >= 100, "{} cases", CASES.len());
    let failures: Vec<String> = CASES
        .iter()
        .filter(|(input, expected)| mask(input) != *expected)
        .map(|(input, expected)| format!("{input:?}: got {:?}, want {expected:?}", mask(input)))
        .collect();
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn unmasked_text_is_borrowed_not_copied() {
    assert!(matches!(mask("order 3 items on 2024-03-15"), std::borrow::Cow::Borrowed(_)));
    assert!(matches!(mask("a@example.com"), std::borrow::Cow::Owned(_)));
}

fn email() -> impl Strategy<Value = String> {
    let label = "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?";
    (
        "[A-Za-z0-9._%+-]{1,20}",
        proptest::collection::vec(proptest::string::string_regex(label).expect("a valid label pattern"), 1..4),
        "[a-z]{2,6}",
    )
        .prop_map(|(local, labels, tld)| format!("{local}@{}.{tld}", labels.join(".")))
}

proptest! {
    #[test]
    fn masking_never_leaks_an_email(before in "\\PC{0,30}", address in email(), after in "\\PC{0,30}",
                                    glue in proptest::sample::select(vec![" ", ", ", "(", ": ", "\n", "<"])) {
        let text = format!("{before}{glue}{address} {after}");
        let masked = mask(&text);
        prop_assert!(!masked.contains(&address), "{text:?} -> {masked:?}");
        prop_assert!(masked.contains("[email]"));
    }

    #[test]
    fn masking_is_idempotent(text in "\\PC{0,80}") {
        let once = mask(&text).into_owned();
        prop_assert_eq!(mask(&once), once.as_str());
    }

    #[test]
    fn masking_is_idempotent_on_number_heavy_text(text in "[0-9 +().@a-z/:-]{0,60}") {
        let once = mask(&text).into_owned();
        prop_assert_eq!(mask(&once), once.as_str());
    }

    #[test]
    fn small_numbers_are_never_masked(n in 0u32..100_000_000, word in "[a-z]{1,8}") {
        let text = format!("{word} {n} {word}");
        prop_assert_eq!(mask(&text), text.as_str());
    }
}
