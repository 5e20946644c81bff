//! Rules the catalogue data must keep beyond its shape: ids that match their files, references
//! that resolve, both languages present, and quotations marked honestly (a language the cited
//! act was not published in can only be our translation).

use std::{
    collections::{BTreeMap, HashSet},
    path::{Path, PathBuf},
};

use qyzmet_domain::{
    Act, ActKind, Lang, Region, Service, Source, Stage, Text,
    intake::Branch,
    provider::{Provider, RefusalGround, provider_for},
    workflow::WorkflowStep,
};

use super::Problem;

/// Collects every problem into `problems`.
pub(super) fn catalogue(
    regions_path: &Path,
    regions: &[Region],
    acts: &BTreeMap<String, (PathBuf, Act)>,
    services: &[(PathBuf, Service)],
    problems: &mut Vec<Problem>,
) {
    let region_ids: HashSet<&str> = regions.iter().map(|r| r.id.as_str()).collect();

    let mut seen = HashSet::new();
    for (i, region) in regions.iter().enumerate() {
        let mut check = Checker::new(regions_path, &region.id, problems);
        check.slug(&format!("region[{i}].id"), &region.id);
        check.non_empty(&format!("region[{i}].kk"), &region.kk);
        check.non_empty(&format!("region[{i}].ru"), &region.ru);
        if !seen.insert(region.id.as_str()) {
            check.problem(&format!("region[{i}].id"), "this region id is used twice");
        }
    }

    for (path, act) in acts.values() {
        let mut check = Checker::new(path, &act.id, problems);
        check.id_matches_file("id", &act.id);
        check.text("title", &act.title, None, acts);
        if let Some(status) = &act.status {
            check.text("status", status, None, acts);
        }
        if act.published_in.is_empty() {
            check.problem(
                "published_in",
                "list at least one language the act was published in",
            );
        }
        if act.kind == ActKind::RegionalRegulation {
            match &act.region {
                None => check.problem("region", "a regional regulation needs its region"),
                Some(region) if !region_ids.contains(region.as_str()) => check.problem(
                    "region",
                    &format!("unknown region \"{region}\" (see regions.toml)"),
                ),
                Some(_) => {}
            }
            if act.seed.is_none() {
                check.problem(
                    "seed",
                    "a regional regulation names the seed file holding its text",
                );
            }
        }
    }

    let mut positions = BTreeMap::new();
    for (path, service) in services {
        let mut check = Checker::new(path, &service.id, problems);
        check.id_matches_file("id", &service.id);
        check.slug("id", &service.id);
        if let Some(other) = positions.insert(service.position, service.id.clone()) {
            check.problem(
                "position",
                &format!("position {} is also used by \"{other}\"", service.position),
            );
        }
        check.source("free_source", &service.free_source, acts);
        check.text("name", &service.name, None, acts);
        check.text("provider", &service.provider, None, acts);
        check.text("result", &service.result, None, acts);
        if let Some(text) = &service.result_portal {
            check.text("result_portal", text, None, acts);
        }

        if service.documents.is_empty() {
            check.problem(
                "documents",
                "list the documents the applicant brings or attaches",
            );
        }
        let mut document_ids = HashSet::new();
        for (i, doc) in service.documents.iter().enumerate() {
            let field = format!("documents[{i}]");
            check.slug(&format!("{field}.id"), &doc.id);
            if !document_ids.insert(doc.id.as_str()) {
                check.problem(
                    &format!("{field}.id"),
                    &format!("document id \"{}\" is used twice", doc.id),
                );
            }
            check.text(&field, &doc.name_text(), None, acts);
            if doc.channels.is_empty() {
                check.problem(
                    &format!("{field}.channels"),
                    "say where this document is asked for",
                );
            }
        }

        if service.regulations.is_empty() {
            check.problem(
                "regulations",
                "at least one regional regulation must set the stages",
            );
        }
        for (i, reg) in service.regulations.iter().enumerate() {
            let field = format!("regulations[{i}]");
            match acts.get(&reg.act) {
                None => check.problem(
                    &format!("{field}.act"),
                    &format!("unknown act \"{}\"", reg.act),
                ),
                Some((_, act)) if act.region.as_deref() != Some(reg.region.as_str()) => check
                    .problem(
                        &format!("{field}.region"),
                        &format!(
                            "act \"{}\" is a regulation of {:?}, not \"{}\"",
                            act.id, act.region, reg.region
                        ),
                    ),
                Some(_) => {}
            }
            if !region_ids.contains(reg.region.as_str()) {
                check.problem(
                    &format!("{field}.region"),
                    &format!("unknown region \"{}\"", reg.region),
                );
            }
            if let Some(provider) = &reg.provider {
                check.text(&format!("{field}.provider"), provider, None, acts);
            }
            if reg.channels.is_empty() {
                check.problem(
                    &format!("{field}.channels"),
                    "say where to apply in this region",
                );
            }
            let channels: HashSet<_> = reg.channels.iter().map(|c| c.channel).collect();
            for (j, entry) in reg.channels.iter().enumerate() {
                check.source(
                    &format!("{field}.channels[{j}].source"),
                    &entry.source,
                    acts,
                );
            }
            for (j, total) in reg.totals.iter().enumerate() {
                let field = format!("{field}.totals[{j}]");
                check.duration(&format!("{field}.duration"), total.duration);
                check.source(&format!("{field}.source"), &total.source, acts);
                if let Some(note) = &total.note {
                    check.text(&format!("{field}.note"), note, Some(&total.source), acts);
                }
                if let Some(channel) = total.channel.filter(|c| !channels.contains(c)) {
                    check.problem(
                        &format!("{field}.channel"),
                        &format!("{channel:?} is not a channel of this regulation"),
                    );
                }
            }
            if reg.stages.is_empty() {
                check.problem(&format!("{field}.stages"), "list the stages in order");
            }
            for (j, stage) in reg.stages.iter().enumerate() {
                let field = format!("{field}.stages[{j}]");
                check.duration(&format!("{field}.duration"), stage.duration);
                check.source(&format!("{field}.source"), &stage.source, acts);
                check.text(
                    &format!("{field}.actor"),
                    &stage.actor,
                    Some(&stage.source),
                    acts,
                );
                check.text(
                    &format!("{field}.action"),
                    &stage.action,
                    Some(&stage.source),
                    acts,
                );
                if let Some(channel) = stage.channel.filter(|c| !channels.contains(c)) {
                    check.problem(
                        &format!("{field}.channel"),
                        &format!("{channel:?} is not a channel of this regulation"),
                    );
                }
            }
            check.step_order(&field, &reg.stages);
        }
    }
}

/// Every source a service cites (used to send a page the acts it needs).
pub(super) fn sources(service: &Service) -> impl Iterator<Item = &Source> {
    let texts = [
        Some(&service.name),
        Some(&service.provider),
        Some(&service.result),
        service.result_portal.as_ref(),
    ];
    let regs = service.regulations.iter().flat_map(|r| {
        r.provider
            .iter()
            .filter_map(|t| t.source.as_ref())
            .chain(r.channels.iter().map(|c| &c.source))
            .chain(r.totals.iter().map(|t| &t.source))
            .chain(r.stages.iter().map(|s| &s.source))
    });
    texts
        .into_iter()
        .flatten()
        .filter_map(|t| t.source.as_ref())
        .chain(std::iter::once(&service.free_source))
        .chain(service.documents.iter().map(|d| &d.source))
        .chain(regs)
}

/// Service centres: unique ids, known regions, names and addresses quoted with their clause.
pub(super) fn branches(
    path: &Path,
    branches: &[Branch],
    regions: &[Region],
    acts: &BTreeMap<String, (PathBuf, Act)>,
    problems: &mut Vec<Problem>,
) {
    let mut seen = HashSet::new();
    for (i, branch) in branches.iter().enumerate() {
        let mut check = Checker::new(path, &branch.id, problems);
        check.slug(&format!("branch[{i}].id"), &branch.id);
        if !seen.insert(branch.id.as_str()) {
            check.problem(&format!("branch[{i}].id"), "this branch id is used twice");
        }
        if !regions.iter().any(|r| r.id == branch.region) {
            check.problem(
                &format!("branch[{i}].region"),
                &format!("unknown region \"{}\" (see regions.toml)", branch.region),
            );
        }
        check.text(&format!("branch[{i}].name"), &branch.name, None, acts);
        check.text(&format!("branch[{i}].address"), &branch.address, None, acts);
    }
}

struct Checker<'a> {
    file: &'a Path,
    entry: &'a str,
    problems: &'a mut Vec<Problem>,
}

/// Providers and refusal grounds: known regions and services, unique ids, quoted honestly, and
/// a provider for every regulation of every service (else its requests would go nowhere).
pub(super) fn providers(
    (providers_path, providers): (&Path, &[Provider]),
    (refusals_path, grounds): (&Path, &[RefusalGround]),
    regions: &[Region],
    acts: &BTreeMap<String, (PathBuf, Act)>,
    services: &[(PathBuf, Service)],
    problems: &mut Vec<Problem>,
) {
    let service_ids: HashSet<&str> = services.iter().map(|(_, s)| s.id.as_str()).collect();
    let mut seen = HashSet::new();
    for (i, provider) in providers.iter().enumerate() {
        let mut check = Checker::new(providers_path, &provider.id, problems);
        check.slug(&format!("provider[{i}].id"), &provider.id);
        if !seen.insert(provider.id.as_str()) {
            check.problem(
                &format!("provider[{i}].id"),
                "this provider id is used twice",
            );
        }
        if !regions.iter().any(|r| r.id == provider.region) {
            check.problem(
                &format!("provider[{i}].region"),
                &format!("unknown region \"{}\" (see regions.toml)", provider.region),
            );
        }
        for service in &provider.services {
            if !service_ids.contains(service.as_str()) {
                check.problem(
                    &format!("provider[{i}].services"),
                    &format!("unknown service \"{service}\""),
                );
            }
        }
        check.text(&format!("provider[{i}].name"), &provider.name, None, acts);
        if let Some(address) = &provider.address {
            check.text(&format!("provider[{i}].address"), address, None, acts);
        }
    }
    for (path, service) in services {
        for (i, regulation) in service.regulations.iter().enumerate() {
            if provider_for(providers, &service.id, &regulation.region).is_none() {
                Checker::new(path, &service.id, problems).problem(
                    &format!("regulations[{i}]"),
                    &format!(
                        "no provider in providers.toml serves it in region \"{}\"",
                        regulation.region
                    ),
                );
            }
        }
    }
    let mut seen = HashSet::new();
    for (i, ground) in grounds.iter().enumerate() {
        let mut check = Checker::new(refusals_path, &ground.id, problems);
        check.slug(&format!("ground[{i}].id"), &ground.id);
        if !seen.insert(ground.id.as_str()) {
            check.problem(&format!("ground[{i}].id"), "this ground id is used twice");
        }
        for service in &ground.services {
            if !service_ids.contains(service.as_str()) {
                check.problem(
                    &format!("ground[{i}].services"),
                    &format!("unknown service \"{service}\""),
                );
            }
        }
        check.text(
            &format!("ground[{i}].text"),
            &ground.text,
            Some(&ground.source),
            acts,
        );
        check.source(&format!("ground[{i}].source"), &ground.source, acts);
    }
}

impl<'a> Checker<'a> {
    fn new(file: &'a Path, entry: &'a str, problems: &'a mut Vec<Problem>) -> Self {
        Checker {
            file,
            entry,
            problems,
        }
    }

    fn problem(&mut self, field: &str, message: &str) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            entry: Some(self.entry.to_owned()),
            field: Some(field.to_owned()),
            message: message.to_owned(),
        });
    }

    fn id_matches_file(&mut self, field: &str, id: &str) {
        let stem = self
            .file
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        if stem != id {
            self.problem(
                field,
                &format!("the id must equal the file name (\"{stem}\")"),
            );
        }
    }

    fn slug(&mut self, field: &str, id: &str) {
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if !ok {
            self.problem(
                field,
                &format!("\"{id}\" is not an id: use lowercase latin letters, digits and '-'"),
            );
        }
    }

    fn non_empty(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.problem(field, "must not be empty");
        }
    }

    fn duration(&mut self, field: &str, duration: qyzmet_domain::Duration) {
        if duration.amount() == 0 {
            self.problem(field, "a duration must be at least 1");
        }
    }

    /// The stages' workflow steps never go backwards (several stages may share one step).
    /// `field` is the regulation's.
    fn step_order(&mut self, field: &str, stages: &[Stage]) {
        for (j, pair) in stages.windows(2).enumerate() {
            let (before, step) = (pair[0].step, pair[1].step);
            if step < before {
                self.problem(
                    &format!("{field}.stages[{}].step", j + 1),
                    &format!(
                        "goes back to \"{}\" after \"{}\" (stages[{j}]): a regulation's \
                         stages follow the workflow, {} (stages may share a step)",
                        step.name(),
                        before.name(),
                        WorkflowStep::ALL.map(WorkflowStep::name).join(" < ")
                    ),
                );
            }
        }
    }

    fn source(&mut self, field: &str, source: &Source, acts: &BTreeMap<String, (PathBuf, Act)>) {
        if !acts.contains_key(&source.act) {
            let known: Vec<&str> = acts.keys().map(String::as_str).collect();
            self.problem(
                &format!("{field}.act"),
                &format!(
                    "unknown act \"{}\" (known: {})",
                    source.act,
                    known.join(", ")
                ),
            );
        }
        if source.clause.trim().is_empty() {
            self.problem(
                &format!("{field}.clause"),
                "name the clause the fact comes from",
            );
        }
    }

    /// Both languages present, the source known, and a language the act was not published in
    /// marked as our translation.
    fn text(
        &mut self,
        field: &str,
        text: &Text,
        inherited: Option<&Source>,
        acts: &BTreeMap<String, (PathBuf, Act)>,
    ) {
        self.non_empty(&format!("{field}.kk"), &text.kk);
        self.non_empty(&format!("{field}.ru"), &text.ru);
        let source = match (&text.source, inherited) {
            (Some(source), _) => {
                self.source(&format!("{field}.source"), source, acts);
                Some(source)
            }
            (None, inherited) => inherited,
        };
        let Some((_, act)) = source.and_then(|s| acts.get(&s.act)) else {
            return;
        };
        for lang in Lang::ALL {
            if !act.published_in.contains(&lang) && !text.is_translated(lang) {
                self.problem(
                    &format!("{field}.translated"),
                    &format!(
                        "act \"{}\" has no {} text, so the {} wording must be listed as translated",
                        act.id,
                        lang.tag(),
                        lang.tag()
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use qyzmet_domain::Duration;

    use super::*;

    fn stage(step: WorkflowStep) -> Stage {
        let text = Text {
            kk: "іс".into(),
            ru: "дело".into(),
            source: None,
            translated: Vec::new(),
        };
        Stage {
            channel: None,
            step,
            duration: Duration::Minutes(15),
            source: Source {
                act: "000".into(),
                clause: "5.1".into(),
                note: None,
            },
            actor: text.clone(),
            action: text,
        }
    }

    fn step_order_problems(steps: &[WorkflowStep]) -> Vec<Problem> {
        let stages: Vec<Stage> = steps.iter().copied().map(stage).collect();
        let mut problems = Vec::new();
        Checker::new(
            Path::new("data/services/housing-assistance.toml"),
            "housing-assistance",
            &mut problems,
        )
        .step_order("regulations[1]", &stages);
        problems
    }

    #[test]
    fn stages_may_share_a_step_and_skip_steps() {
        use WorkflowStep::*;
        assert_eq!(step_order_problems(&[]), []);
        assert_eq!(
            step_order_problems(&[
                Intake, Register, Register, Assign, Prepare, Prepare, Issue, Issue
            ]),
            []
        );
        assert_eq!(
            step_order_problems(&[Register, Assign, Prepare, Sign, Issue]),
            []
        );
    }

    #[test]
    fn a_step_that_goes_backwards_names_the_file_entry_and_stage() {
        use WorkflowStep::*;
        let problems =
            step_order_problems(&[Intake, Register, Assign, Sign, Prepare, Issue, Register]);
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_deref()).collect();
        assert_eq!(
            fields,
            [
                Some("regulations[1].stages[4].step"),
                Some("regulations[1].stages[6].step")
            ]
        );
        let problem = &problems[0];
        assert_eq!(
            problem.file,
            Path::new("data/services/housing-assistance.toml")
        );
        assert_eq!(problem.entry.as_deref(), Some("housing-assistance"));
        assert_eq!(
            problem.message,
            "goes back to \"prepare\" after \"sign\" (stages[3]): a regulation's stages follow \
             the workflow, intake < register < assign < prepare < sign < issue (stages may share a \
             step)"
        );
    }
}
