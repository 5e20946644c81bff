//! The individual identification number (ИИН / ЖСН): 12 digits, the last a check digit.
//!
//! The check digit: the first eleven digits weighted 1–11, sum mod 11; if that is 10, weights
//! 3–11, 1, 2 instead; if that is 10 again, the number is never issued. The first digits are
//! *not* checked against a birth date: since Government decree No. 853 of 26.08.2013 they are
//! not tied to personal data (the Ministry of Justice: a mismatch is not an error).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A well-formed IIN. The only way to get one is `Iin::parse`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iin(String);

/// Why a text is not an IIN, specific enough to tell the person what to fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IinError {
    /// Nothing was typed.
    Empty,
    /// Something other than digits (spaces and hyphens are allowed and dropped).
    NotDigits,
    /// Not twelve digits.
    WrongLength,
    /// The twelfth digit is not the one the first eleven give.
    CheckDigit,
    /// The first eleven digits give no check digit: such a number is never issued.
    NeverIssued,
}

const FIRST_WEIGHTS: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

impl Iin {
    /// Accepts the IIN as people write it: spaces and hyphens between digits are dropped.
    pub fn parse(text: &str) -> Result<Iin, IinError> {
        let digits: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if digits.is_empty() {
            return Err(IinError::Empty);
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IinError::NotDigits);
        }
        if digits.len() != 12 {
            return Err(IinError::WrongLength);
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        let weighted = |weights: &[u32; 11]| -> u32 {
            d.iter()
                .zip(weights)
                .map(|(digit, weight)| digit * weight)
                .sum::<u32>()
                % 11
        };
        let check = match weighted(&FIRST_WEIGHTS) {
            10 => match weighted(&SECOND_WEIGHTS) {
                10 => return Err(IinError::NeverIssued),
                check => check,
            },
            check => check,
        };
        if check != d[11] {
            return Err(IinError::CheckDigit);
        }
        Ok(Iin(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Iin {
    type Error = IinError;

    fn try_from(text: String) -> Result<Iin, IinError> {
        Iin::parse(&text)
    }
}

impl From<Iin> for String {
    fn from(iin: Iin) -> String {
        iin.0
    }
}

impl fmt::Display for IinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IinError::Empty => "the IIN is empty",
            IinError::NotDigits => "the IIN has characters other than digits",
            IinError::WrongLength => "the IIN is not 12 digits",
            IinError::CheckDigit => "the IIN's check digit does not match",
            IinError::NeverIssued => "no IIN is issued with these digits",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_check_digit_from_the_first_weights() {
        // 1·1 + 1·11 = 12 ≡ 1.
        assert_eq!(Iin::parse("100000000011").unwrap().as_str(), "100000000011");
        assert!(Iin::parse("900101300126").is_ok());
        assert!(Iin::parse("850701400402").is_ok());
    }

    #[test]
    fn uses_the_second_weights_when_the_first_give_ten() {
        // 1·1 + 2·10 = 21 ≡ 10, so 1·3 + 2·1 = 5 is the check digit.
        assert!(Iin::parse("100000000205").is_ok());
        assert_eq!(Iin::parse("100000000201"), Err(IinError::CheckDigit));
    }

    #[test]
    fn refuses_digits_that_give_ten_twice() {
        // 1·1 + 2·10 + 8·11 = 109 ≡ 10; 1·3 + 2·1 + 8·2 = 21 ≡ 10.
        for last in 0..=9 {
            assert_eq!(
                Iin::parse(&format!("10000000028{last}")),
                Err(IinError::NeverIssued)
            );
        }
    }

    #[test]
    fn says_which_rule_a_bad_iin_breaks() {
        assert_eq!(Iin::parse(""), Err(IinError::Empty));
        assert_eq!(Iin::parse("   "), Err(IinError::Empty));
        assert_eq!(Iin::parse("90010130012a"), Err(IinError::NotDigits));
        assert_eq!(
            Iin::parse("９００１０１３００１２６"),
            Err(IinError::NotDigits),
            "full-width digits"
        );
        assert_eq!(Iin::parse("90010130012"), Err(IinError::WrongLength));
        assert_eq!(Iin::parse("9001013001260"), Err(IinError::WrongLength));
        assert_eq!(Iin::parse("900101300125"), Err(IinError::CheckDigit));
    }

    #[test]
    fn does_not_tie_the_digits_to_a_birth_date() {
        // "99-13-45": month 13, day 45 is no date, yet 9·1 + 9·2 + 1·3 + 3·4 + 4·5 + 5·6 = 92 ≡ 4
        // makes it a well-formed IIN; since decree No. 853 (2013) that is all there is to check.
        assert!(Iin::parse("991345000004").is_ok());
    }

    #[test]
    fn accepts_spaces_and_hyphens_as_people_type_them() {
        assert_eq!(
            Iin::parse(" 900101 300126 ").unwrap().as_str(),
            "900101300126"
        );
        assert_eq!(
            Iin::parse("900101-300-126").unwrap().as_str(),
            "900101300126"
        );
    }

    #[test]
    fn deserialises_only_valid_iins() {
        let iin: Iin = serde_json::from_str("\"900101300126\"").unwrap();
        assert_eq!(iin.to_string(), "900101300126");
        assert_eq!(serde_json::to_string(&iin).unwrap(), "\"900101300126\"");
        assert!(serde_json::from_str::<Iin>("\"900101300125\"").is_err());
    }
}
