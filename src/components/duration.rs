//! A duration in words, with the grammatical number each language needs
//! (kk: "20 минут"; ru: "2 рабочих дня", "5 рабочих дней").

use leptos::prelude::*;
use qyzmet_domain::Duration;

use crate::i18n::*;

/// The unit's noun in the grammatical number `n` takes. In Kazakh and Russian alike the
/// number comes first ("20 минут", "2 рабочих дня"), so the message files hold only the noun
/// and no interpolation code is generated for each form.
macro_rules! unit_noun {
    ($i18n:expr, $key:ident, $count:expr) => {
        match ::qyzmet_domain::plural_form($crate::i18n::lang_of($i18n.get_locale()), $count) {
            ::qyzmet_domain::PluralForm::One => t_string!($i18n, $key.one),
            ::qyzmet_domain::PluralForm::Few => t_string!($i18n, $key.few),
            ::qyzmet_domain::PluralForm::Many => t_string!($i18n, $key.many),
        }
    };
}

#[component]
pub fn DurationText(duration: Duration) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let n = duration.amount();
        let noun = match duration {
            Duration::Minutes(_) => unit_noun!(i18n, minutes, n),
            Duration::WorkingDays(_) => unit_noun!(i18n, working_days, n),
            Duration::CalendarDays(_) => unit_noun!(i18n, calendar_days, n),
        };
        format!("{n} {noun}")
    }
}
