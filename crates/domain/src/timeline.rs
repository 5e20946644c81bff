//! The planned course of a submitted request: each stage of its region's regulation that
//! applies to the channel it came through, with the moment it is due, each stage beginning
//! where the one before ended (the status page's timeline, issue 8).

use chrono::NaiveDateTime;

use crate::{
    calendar::{Due, WorkingCalendar},
    catalogue::{Channel, Regulation},
};

/// One stage of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedStage {
    /// Its position in the regulation's `stages`.
    pub index: usize,
    /// When it is due (local time).
    pub due: NaiveDateTime,
}

/// The stages with their due moments, and when the result is due (by the act's total where
/// it states one: it may differ from the last stage's moment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub stages: Vec<PlannedStage>,
    pub result: Due,
}

/// The plan of a request accepted at `start` (local time) through `channel`.
pub fn plan(
    regulation: &Regulation,
    calendar: &WorkingCalendar,
    start: NaiveDateTime,
    channel: Channel,
) -> Plan {
    let mut at = start;
    let stages = regulation
        .stages
        .iter()
        .enumerate()
        .filter(|(_, s)| s.channel.is_none_or(|c| c == channel))
        .map(|(index, stage)| {
            at = calendar.after(at, stage.duration);
            PlannedStage { index, due: at }
        })
        .collect();
    Plan {
        stages,
        result: regulation.result_due(calendar, start, channel),
    }
}

/// A stage is late when it happened after its due moment, or has not happened and its due
/// moment has passed.
pub fn overdue(due: NaiveDateTime, happened: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    happened.map_or(now > due, |at| at > due)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::CalendarYear;
    use crate::catalogue::Service;

    fn housing_assistance() -> Service {
        toml::from_str(include_str!(
            "../../../data/services/housing-assistance.toml"
        ))
        .unwrap()
    }

    fn calendar() -> WorkingCalendar {
        let year: CalendarYear =
            toml::from_str(include_str!("../../../data/calendar/2026.toml")).unwrap();
        WorkingCalendar::new(vec![year]).unwrap()
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn planned(
        service: &Service,
        region: &str,
        channel: Channel,
    ) -> (Vec<(usize, NaiveDateTime)>, Due) {
        let regulation = service
            .regulations
            .iter()
            .find(|r| r.region == region)
            .unwrap();
        let plan = plan(regulation, &calendar(), at("2026-11-23 10:00"), channel);
        (
            plan.stages.into_iter().map(|s| (s.index, s.due)).collect(),
            plan.result,
        )
    }

    #[test]
    fn karaganda_chains_minutes_and_calendar_days() {
        // Act 002: 15 min, 30 min, 9 calendar days, 30 min, 15 min; no total, no centre-only
        // stage. Monday 23 November 2026, 10:00.
        let (stages, result) = planned(&housing_assistance(), "karaganda", Channel::Portal);
        assert_eq!(
            stages,
            [
                (0, at("2026-11-23 10:15")),
                (1, at("2026-11-23 10:45")),
                // Nine days after the 23rd: Wednesday 2 December, end of the day.
                (2, at("2026-12-02 18:00")),
                // Begins the next working morning.
                (3, at("2026-12-03 09:30")),
                (4, at("2026-12-03 09:45")),
            ]
        );
        assert_eq!(result.at, at("2026-12-03 09:45"));
        assert!(!result.estimated);
    }

    #[test]
    fn almaty_leaves_out_the_centre_only_stages_for_the_portal() {
        // Act 000: the centre's intake (9.1) and issue (5.6) are not a portal request's.
        let (stages, result) = planned(&housing_assistance(), "almaty-city", Channel::Portal);
        assert_eq!(
            stages,
            [
                (1, at("2026-11-23 10:20")),
                (2, at("2026-11-23 10:50")),
                (3, at("2026-11-25 18:00")),
                (4, at("2026-11-30 18:00")),
                (5, at("2026-12-02 18:00")),
            ]
        );
        assert_eq!(result.at, at("2026-12-02 18:00"));
        // Through the centre, its own two stages of 15 minutes are in.
        let (stages, _) = planned(&housing_assistance(), "almaty-city", Channel::ServiceCentre);
        assert_eq!(stages.first(), Some(&(0, at("2026-11-23 10:15"))));
        assert_eq!(stages.len(), 7);
    }

    #[test]
    fn the_atyrau_total_sets_the_result_whatever_the_stages_add_up_to() {
        let (_, result) = planned(&housing_assistance(), "atyrau", Channel::ServiceCentre);
        // Ten calendar days from the 23rd (3 December), then the day of issue.
        assert_eq!(result.at, at("2026-12-04 18:00"));
    }

    #[test]
    fn a_stage_is_late_after_its_due_moment() {
        let due = at("2026-12-02 18:00");
        assert!(!overdue(due, None, at("2026-12-02 18:00")));
        assert!(overdue(due, None, at("2026-12-02 18:01")));
        assert!(!overdue(
            due,
            Some(at("2026-12-02 17:00")),
            at("2026-12-09 10:00")
        ));
        assert!(overdue(
            due,
            Some(at("2026-12-03 09:00")),
            at("2026-12-03 09:00")
        ));
    }
}
