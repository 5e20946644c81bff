//! Which grammatical number a count takes, per the CLDR plural rules of our two languages
//! (integer counts only: we count minutes, days and services).
//!
//! Kazakh: "1 күн", "5 күн" — nouns after a numeral stay singular ("one" / "other").
//! Russian: "1 день", "2 дня", "5 дней", "21 день", "11 дней" ("one" / "few" / "many").

use crate::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralForm {
    One,
    Few,
    Many,
}

pub fn plural_form(lang: Lang, n: u32) -> PluralForm {
    match lang {
        Lang::Kk if n == 1 => PluralForm::One,
        // Kazakh has one form after numerals; "many" carries it in the message files.
        Lang::Kk => PluralForm::Many,
        Lang::Ru => match (n % 10, n % 100) {
            (1, r) if r != 11 => PluralForm::One,
            (2..=4, r) if !(12..=14).contains(&r) => PluralForm::Few,
            _ => PluralForm::Many,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_follows_cldr() {
        use PluralForm::*;
        let expected = [
            (0, Many),
            (1, One),
            (2, Few),
            (4, Few),
            (5, Many),
            (11, Many),
            (12, Many),
            (14, Many),
            (21, One),
            (22, Few),
            (25, Many),
            (101, One),
            (111, Many),
            (112, Many),
        ];
        for (n, form) in expected {
            assert_eq!(plural_form(Lang::Ru, n), form, "{n}");
        }
    }

    #[test]
    fn kazakh_has_one_form_after_numerals() {
        assert_eq!(plural_form(Lang::Kk, 1), PluralForm::One);
        assert_eq!(plural_form(Lang::Kk, 2), PluralForm::Many);
        assert_eq!(plural_form(Lang::Kk, 21), PluralForm::Many);
    }
}
