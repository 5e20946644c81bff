//! The embedded default's state persons database: a data file of demo persons, read at start.

use std::{collections::HashMap, path::Path};

use anyhow::Context;
use qyzmet_domain::{Iin, Person, PersonsDatabase};
use serde::Deserialize;

#[derive(Debug)]
pub struct PersonsFile {
    persons: HashMap<Iin, Person>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    person: Vec<Person>,
}

impl PersonsFile {
    /// Reads `path`, refusing a malformed entry or an IIN listed twice.
    pub fn load(path: &Path) -> anyhow::Result<PersonsFile> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the persons file {}", path.display()))?;
        let file: File = toml::from_str(&text).with_context(|| format!("in {}", path.display()))?;
        let mut persons = HashMap::new();
        for person in file.person {
            anyhow::ensure!(
                person.birth_date.len() == 10
                    && time::Date::parse(
                        &person.birth_date,
                        time::macros::format_description!("[year]-[month]-[day]")
                    )
                    .is_ok(),
                "{}: {} has a birth date that is not YYYY-MM-DD: {:?}",
                path.display(),
                person.iin,
                person.birth_date
            );
            let iin = person.iin.clone();
            anyhow::ensure!(
                persons.insert(iin.clone(), person).is_none(),
                "{}: the IIN {iin} is listed twice",
                path.display()
            );
        }
        Ok(PersonsFile { persons })
    }

    pub fn len(&self) -> usize {
        self.persons.len()
    }

    pub fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }
}

impl PersonsDatabase for PersonsFile {
    fn find(&self, iin: &Iin) -> Option<Person> {
        self.persons.get(iin).cloned()
    }
}
