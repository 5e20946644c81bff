//! The service catalogue, loaded from the files under the catalogue folder (`data/`) at start.
//!
//! An administrator edits those files without a rebuild; a wrong edit must stop the start with
//! a message that names the file, the entry and the field, so every problem found is reported
//! at once rather than the first only.

mod validate;

use std::{
    collections::BTreeMap,
    fmt,
    path::{Path, PathBuf},
};

use qyzmet_domain::{
    Act, Region, Service, ServiceList, ServicePage,
    calendar::{CalendarYear, WorkingCalendar},
    form::FormDefinition,
    intake::{Branch, BranchesFile},
    provider::{Provider, ProvidersFile, RefusalGround, RefusalsFile},
    queue::QueueSettings,
};
use serde::{Deserialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};

/// The loaded, validated catalogue. Immutable while the adapter runs.
#[derive(Debug)]
pub struct Catalogue {
    /// In catalogue order (`position`).
    services: Vec<Service>,
    acts: BTreeMap<String, Act>,
    regions: Vec<Region>,
    /// Each service's request form: the common pages, then its own (`data/forms/`).
    forms: BTreeMap<String, FormDefinition>,
    /// Working days, holidays and transferred days off (`data/calendar/`), for due dates.
    calendar: WorkingCalendar,
    /// The bodies that decide requests (`data/providers.toml`).
    providers: Vec<Provider>,
    /// The service centres where operators work (`data/branches.toml`).
    branches: Vec<Branch>,
    /// Grounds of a motivated refusal (`data/refusals.toml`).
    refusal_grounds: Vec<RefusalGround>,
    /// The electronic queue's rules and each branch's hours (`data/queue.toml`).
    queue: QueueSettings,
    /// SHA-256 of every file read, so a log line or the health check tells which data is live.
    digest: String,
}

/// One thing wrong with the catalogue data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// The entry (service, act or region id) when known.
    pub entry: Option<String>,
    /// The field, as a path: `regulations[0].stages[2].duration`.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(entry) = &self.entry {
            write!(f, ": entry \"{entry}\"")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in the catalogue data; the adapter refuses to start with these.
#[derive(Debug)]
pub struct CatalogueError(pub Vec<Problem>);

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the catalogue data has {} problem(s):", self.0.len())?;
        for problem in &self.0 {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogueError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionsFile {
    region: Vec<Region>,
}

impl Catalogue {
    /// Reads and validates `dir/regions.toml`, `dir/acts/*.toml` and `dir/services/*.toml`.
    pub fn load(dir: &Path) -> Result<Catalogue, CatalogueError> {
        let mut problems = Vec::new();
        let mut hasher = Sha256::new();

        let regions_path = dir.join("regions.toml");
        let regions = read_file::<RegionsFile>(&regions_path, &mut hasher, &mut problems)
            .map(|file| file.region)
            .unwrap_or_default();

        let mut acts = BTreeMap::new();
        for path in toml_files(&dir.join("acts"), &mut problems) {
            if let Some(act) = read_file::<Act>(&path, &mut hasher, &mut problems) {
                acts.insert(act.id.clone(), (path, act));
            }
        }

        let mut services = Vec::new();
        for path in toml_files(&dir.join("services"), &mut problems) {
            if let Some(service) = read_file::<Service>(&path, &mut hasher, &mut problems) {
                services.push((path, service));
            }
        }
        if services.is_empty() && problems.is_empty() {
            problems.push(Problem {
                file: dir.join("services"),
                entry: None,
                field: None,
                message: "no service files (*.toml) found".into(),
            });
        }

        validate::catalogue(&regions_path, &regions, &acts, &services, &mut problems);
        let act_ids: Vec<&str> = acts.keys().map(String::as_str).collect();
        let forms = load_forms(
            &dir.join("forms"),
            &services,
            &act_ids,
            &mut hasher,
            &mut problems,
        );
        let calendar_dir = dir.join("calendar");
        let years = toml_files(&calendar_dir, &mut problems)
            .iter()
            .filter_map(|path| read_file::<CalendarYear>(path, &mut hasher, &mut problems))
            .collect();
        let calendar = WorkingCalendar::new(years).unwrap_or_else(|err| {
            problems.push(Problem {
                file: calendar_dir,
                entry: None,
                field: None,
                message: err.to_string(),
            });
            WorkingCalendar::default()
        });
        let providers_path = dir.join("providers.toml");
        let providers = read_file::<ProvidersFile>(&providers_path, &mut hasher, &mut problems)
            .map(|f| f.provider)
            .unwrap_or_default();
        let refusals_path = dir.join("refusals.toml");
        let refusal_grounds = read_file::<RefusalsFile>(&refusals_path, &mut hasher, &mut problems)
            .map(|f| f.ground)
            .unwrap_or_default();
        let branches_path = dir.join("branches.toml");
        let branches = read_file::<BranchesFile>(&branches_path, &mut hasher, &mut problems)
            .map(|f| f.branch)
            .unwrap_or_default();
        validate::branches(&branches_path, &branches, &regions, &acts, &mut problems);
        let queue_path = dir.join("queue.toml");
        let queue = read_file::<QueueSettings>(&queue_path, &mut hasher, &mut problems);
        if let Some(queue) = &queue {
            let ids: Vec<&str> = branches.iter().map(|b| b.id.as_str()).collect();
            if let Err(err) = queue.check(&ids) {
                problems.push(Problem {
                    file: queue_path.clone(),
                    entry: err.branch.clone(),
                    field: None,
                    message: err.message,
                });
            }
        }
        validate::providers(
            (&providers_path, &providers),
            (&refusals_path, &refusal_grounds),
            &regions,
            &acts,
            &services,
            &mut problems,
        );
        // A file that could not be read has said so in `problems`.
        let (true, Some(queue)) = (problems.is_empty(), queue) else {
            return Err(CatalogueError(problems));
        };

        let mut services: Vec<Service> = services.into_iter().map(|(_, s)| s).collect();
        services.sort_by_key(|s| s.position);
        Ok(Catalogue {
            services,
            acts: acts.into_iter().map(|(id, (_, act))| (id, act)).collect(),
            regions,
            forms,
            calendar,
            providers,
            branches,
            refusal_grounds,
            queue,
            digest: format!("{:x}", hasher.finalize()),
        })
    }

    pub fn digest(&self) -> &str {
        &self.digest
    }

    pub fn calendar(&self) -> &WorkingCalendar {
        &self.calendar
    }

    pub fn services(&self) -> &[Service] {
        &self.services
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    pub fn queue(&self) -> &QueueSettings {
        &self.queue
    }

    pub fn branches(&self) -> &[Branch] {
        &self.branches
    }

    pub fn branch(&self, id: &str) -> Option<&Branch> {
        self.branches.iter().find(|b| b.id == id)
    }

    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The refusal grounds that apply to `service`.
    pub fn refusal_grounds(&self, service: &str) -> impl Iterator<Item = &RefusalGround> {
        self.refusal_grounds
            .iter()
            .filter(move |g| g.applies_to(service))
    }

    pub fn list(&self) -> ServiceList {
        ServiceList {
            services: self.services.iter().map(Service::summary).collect(),
            regions: self.regions.clone(),
        }
    }

    /// A service's request form.
    pub fn form(&self, service: &str) -> Option<&FormDefinition> {
        self.forms.get(service)
    }

    /// A service with every act and region it cites.
    pub fn page(&self, id: &str) -> Option<ServicePage> {
        let service = self.services.iter().find(|s| s.id == id)?.clone();
        let mut act_ids: Vec<&str> = validate::sources(&service)
            .map(|s| s.act.as_str())
            .collect();
        act_ids.extend(service.regulations.iter().map(|r| r.act.as_str()));
        act_ids.sort_unstable();
        act_ids.dedup();
        let acts = act_ids
            .iter()
            .filter_map(|id| self.acts.get(*id).cloned())
            .collect();
        let regions = self
            .regions
            .iter()
            .filter(|r| service.regulations.iter().any(|reg| reg.region == r.id))
            .cloned()
            .collect();
        Some(ServicePage {
            service,
            acts,
            regions,
        })
    }
}

/// `forms/common.toml` and `forms/<service>.toml` for every service, joined and checked: a
/// service without a form, or a form that names a missing field, document or act, stops the
/// start.
fn load_forms(
    dir: &Path,
    services: &[(PathBuf, Service)],
    acts: &[&str],
    hasher: &mut Sha256,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, FormDefinition> {
    let mut forms = BTreeMap::new();
    let Some(common) = read_file::<FormDefinition>(&dir.join("common.toml"), hasher, problems)
    else {
        return forms;
    };
    for (_, service) in services {
        let path = dir.join(format!("{}.toml", service.id));
        if !path.is_file() {
            problems.push(Problem {
                file: path,
                entry: Some(service.id.clone()),
                field: None,
                message: "the service has no request form".into(),
            });
            continue;
        }
        let Some(own) = read_file::<FormDefinition>(&path, hasher, problems) else {
            continue;
        };
        if own.service.as_deref() != Some(service.id.as_str()) {
            problems.push(Problem {
                file: path.clone(),
                entry: Some(service.id.clone()),
                field: Some("service".into()),
                message: format!("must be {:?}, the file's name", service.id),
            });
        }
        let form = FormDefinition {
            service: Some(service.id.clone()),
            pages: common.pages.iter().chain(&own.pages).cloned().collect(),
            document_rules: own.document_rules,
        };
        let documents: Vec<&str> = service.documents.iter().map(|d| d.id.as_str()).collect();
        for message in form.problems(&documents, acts) {
            problems.push(Problem {
                file: path.clone(),
                entry: Some(service.id.clone()),
                field: None,
                message,
            });
        }
        forms.insert(service.id.clone(), form);
    }
    forms
}

/// The `*.toml` files of a folder, in name order (so the digest is stable).
fn toml_files(dir: &Path, problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            problems.push(Problem {
                file: dir.to_path_buf(),
                entry: None,
                field: None,
                message: format!("cannot read the folder: {err}"),
            });
            return Vec::new();
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    paths
}

/// Parses one file, recording where it went wrong: the field path and the line.
fn read_file<T: DeserializeOwned>(
    path: &Path,
    hasher: &mut Sha256,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let entry = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            problems.push(Problem {
                file: path.to_path_buf(),
                entry: None,
                field: None,
                message: format!("cannot read the file: {err}"),
            });
            return None;
        }
    };
    hasher.update(path.file_name().unwrap_or_default().as_encoded_bytes());
    hasher.update(text.as_bytes());
    match serde_path_to_error::deserialize(toml::Deserializer::new(&text)) {
        Ok(value) => Some(value),
        Err(err) => {
            let field = err.path().to_string();
            let inner = err.into_inner();
            let line = inner
                .span()
                .map(|span| format!(" (line {})", text[..span.start].matches('\n').count() + 1))
                .unwrap_or_default();
            problems.push(Problem {
                file: path.to_path_buf(),
                entry,
                field: (field != ".").then_some(field),
                message: format!("{}{line}", inner.message().trim()),
            });
            None
        }
    }
}
