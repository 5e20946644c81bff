//! A duration in words, with the grammatical number each language needs
//! (kk: "20 минут"; ru: "2 рабочих дня", "5 рабочих дней").

use leptos::prelude::*;
use qyzmet_domain::Duration;

use crate::i18n::*;

/// `t_string!` for a counted message with `one` / `few` / `many` forms.
macro_rules! counted {
    ($i18n:expr, $key:ident, $count:expr) => {{
        let count = $count;
        match ::qyzmet_domain::plural_form($crate::i18n::lang_of($i18n.get_locale()), count) {
            ::qyzmet_domain::PluralForm::One => t_string!($i18n, $key.one, count = count).to_string(),
            ::qyzmet_domain::PluralForm::Few => t_string!($i18n, $key.few, count = count).to_string(),
            ::qyzmet_domain::PluralForm::Many => t_string!($i18n, $key.many, count = count).to_string(),
        }
    }};
}
pub(crate) use counted;

#[component]
pub fn DurationText(duration: Duration) -> impl IntoView {
    let i18n = use_i18n();
    move || match duration {
        Duration::Minutes(n) => counted!(i18n, minutes, n),
        Duration::WorkingDays(n) => counted!(i18n, working_days, n),
        Duration::CalendarDays(n) => counted!(i18n, calendar_days, n),
    }
}
