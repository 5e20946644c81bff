//! How long a stage may take, in the unit the regulation states it.

use serde::{Deserialize, Serialize};

/// A duration as a regulation states it. The unit matters: working days skip days off and
/// holidays, calendar days do not, so the two are never converted into one another here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Duration {
    Minutes(u32),
    WorkingDays(u32),
    CalendarDays(u32),
}

impl Duration {
    pub fn amount(self) -> u32 {
        match self {
            Duration::Minutes(n) | Duration::WorkingDays(n) | Duration::CalendarDays(n) => n,
        }
    }
}

/// The sum of a list of stage durations, kept per unit (a regulation's stages mix minutes,
/// working days and calendar days; which dates they give depends on the calendar).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DurationSum {
    pub minutes: u32,
    pub working_days: u32,
    pub calendar_days: u32,
}

impl DurationSum {
    pub fn of(durations: impl IntoIterator<Item = Duration>) -> Self {
        durations.into_iter().fold(Self::default(), |mut sum, d| {
            match d {
                Duration::Minutes(n) => sum.minutes += n,
                Duration::WorkingDays(n) => sum.working_days += n,
                Duration::CalendarDays(n) => sum.calendar_days += n,
            }
            sum
        })
    }

    /// The non-zero parts, largest unit first.
    pub fn parts(self) -> Vec<Duration> {
        [
            Duration::CalendarDays(self.calendar_days),
            Duration::WorkingDays(self.working_days),
            Duration::Minutes(self.minutes),
        ]
        .into_iter()
        .filter(|d| d.amount() > 0)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_unit_from_its_data_form() {
        let d: Vec<Duration> =
            serde_json::from_str(r#"[{"minutes":20},{"working_days":2},{"calendar_days":9}]"#)
                .unwrap();
        assert_eq!(
            d,
            [
                Duration::Minutes(20),
                Duration::WorkingDays(2),
                Duration::CalendarDays(9)
            ]
        );
    }

    #[test]
    fn refuses_an_unknown_unit() {
        assert!(serde_json::from_str::<Duration>(r#"{"hours":1}"#).is_err());
    }

    #[test]
    fn sums_per_unit_without_mixing_them() {
        let sum = DurationSum::of([
            Duration::Minutes(20),
            Duration::Minutes(30),
            Duration::WorkingDays(2),
            Duration::WorkingDays(3),
        ]);
        assert_eq!(
            sum.parts(),
            [Duration::WorkingDays(5), Duration::Minutes(50)]
        );
    }
}
