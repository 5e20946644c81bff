//! Catalogue search that forgives case, Kazakh and Russian diacritics and punctuation.
//!
//! A person on a Russian keyboard types "кызмет" for «қызмет», and one on a phone without
//! Kazakh letters types "komek"-style approximations in Cyrillic: folding both sides to the
//! same base letters lets either find the service.

/// Lower-cases and folds letters with diacritics to their base letter; everything that is not
/// a letter or digit becomes a single space. Handles the Latin and Cyrillic (with Kazakh)
/// alphabets by code point, so the app carries no Unicode case tables.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars().map(lower) {
        let base = match c {
            'ә' => 'а',
            'ғ' => 'г',
            'қ' => 'к',
            'ң' => 'н',
            'ө' => 'о',
            'ұ' | 'ү' => 'у',
            'һ' => 'х',
            'і' => 'и',
            'ё' => 'е',
            'й' => 'и',
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            c if is_letter_or_digit(c) => c,
            _ => ' ',
        };
        if base == ' ' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(base);
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Lower case for Latin, Latin-1 and Cyrillic (including Kazakh) letters; others unchanged.
fn lower(c: char) -> char {
    let code = c as u32;
    let lowered = match code {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x0410..=0x042F => code + 0x20,
        0x0400..=0x040F => code + 0x50,
        // Cyrillic supplement pairs (Ғ ғ, Қ қ, Ң ң, Ү ү, Ұ ұ, Һ һ, Ә ә, Ө ө …): upper is even.
        0x0460..=0x04BF | 0x04D0..=0x04FF if code.is_multiple_of(2) => code + 1,
        _ => code,
    };
    char::from_u32(lowered).unwrap_or(c)
}

fn is_letter_or_digit(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c as u32, 0xC0..=0xFF if c != '×' && c != '÷')
        || matches!(c as u32, 0x0400..=0x04FF)
}

/// True when every word of `query` occurs in one of `fields` (after folding). An empty query
/// matches everything.
pub fn matches<'a>(query: &str, fields: impl IntoIterator<Item = &'a str>) -> bool {
    let query = fold(query);
    if query.is_empty() {
        return true;
    }
    let haystack: String = fields.into_iter().map(fold).collect::<Vec<_>>().join(" ");
    query.split(' ').all(|word| haystack.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_kazakh_letters_to_their_base() {
        assert_eq!(fold("Тұрғын ҮЙ көмегін!"), "тургын уи комегин");
        assert_eq!(fold("Қызмет"), "кызмет");
    }

    #[test]
    fn finds_kazakh_text_typed_without_diacritics() {
        assert!(matches(
            "тургын уи комегин",
            ["Тұрғын үй көмегін тағайындау"]
        ));
        assert!(matches(
            "ПАТРОНАТ",
            ["Баланы (балаларды) патронаттық тәрбиелеуге беру"]
        ));
    }

    #[test]
    fn finds_russian_text_ignoring_case_and_yo() {
        assert!(matches("жилищнои", ["Назначение жилищной помощи"]));
        assert!(matches("ребенка", ["Передача ребёнка"]));
    }

    #[test]
    fn lower_cases_every_kazakh_and_russian_capital() {
        let upper = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ";
        let lower = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя";
        assert_eq!(upper.chars().map(super::lower).collect::<String>(), lower);
        assert_eq!("ÀÉÖ".chars().map(super::lower).collect::<String>(), "àéö");
    }

    #[test]
    fn needs_every_word() {
        assert!(!matches(
            "жилищной усыновить",
            ["Назначение жилищной помощи"]
        ));
        assert!(matches("", ["anything"]));
        assert!(matches("  «»  ", ["anything"]));
    }
}
