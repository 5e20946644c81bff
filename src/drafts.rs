//! A draft request's answers in the browser. Every change is written to local storage at once
//! and then sent to the adapter; what the adapter has not accepted yet stays on this device
//! (over a reload, a dropped connection, an ended session) and is sent again when it can be.
//!
//! Each change gets a sequence number when it is made — the time in milliseconds, and always
//! above the last one — so a change made offline and sent later never overwrites a newer
//! change made meanwhile on another device: the adapter keeps the higher number.
//!
//! An answer that breaks a format rule is kept here as typed and marked on its field, but not
//! sent (the adapter would refuse it) until it is corrected.

use std::collections::BTreeMap;

use leptos::prelude::*;
use qyzmet_domain::{Answers, FieldProblem, FormDefinition, form::Day};
use wasm_bindgen::JsValue;

use crate::api::{self, ApiFailure};

/// Where the draft's saving stands, for the status line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Everything the person typed is with the adapter.
    Saved,
    Saving,
    /// Kept on this device; sent when the connection is back.
    Offline,
    /// Kept on this device; sent after signing in again.
    SignedOut,
    /// Some answers break a format rule and are kept here until corrected.
    Held,
    /// The adapter refused or failed; kept on this device.
    Failed,
    /// The draft no longer exists (deleted on another device).
    Gone,
}

/// A change not yet accepted by the adapter: the text and its sequence number.
type Local = BTreeMap<String, (String, u64)>;

#[derive(Clone, Copy)]
pub struct Draft {
    id: StoredValue<String>,
    form: StoredValue<FormDefinition>,
    /// The answers as shown: the adapter's, with this device's changes on top.
    pub answers: RwSignal<Answers>,
    local: StoredValue<Local>,
    pub state: RwSignal<SaveState>,
    /// Problems the adapter found that our own check did not (should not happen).
    pub refused: RwSignal<Vec<FieldProblem>>,
    sending: StoredValue<bool>,
    again: StoredValue<bool>,
}

impl Draft {
    /// The draft as the adapter sent it, with whatever this device still holds, which is sent
    /// at once.
    pub fn open(id: String, form: FormDefinition, saved: Answers) -> Draft {
        let local = read_local(&id);
        let mut answers = saved;
        for (key, (text, _)) in &local {
            answers.insert(key.clone(), text.clone());
        }
        let draft = Draft {
            id: StoredValue::new(id),
            form: StoredValue::new(form),
            answers: RwSignal::new(answers),
            local: StoredValue::new(local),
            state: RwSignal::new(SaveState::Saved),
            refused: RwSignal::new(Vec::new()),
            sending: StoredValue::new(false),
            again: StoredValue::new(false),
        };
        if !draft.local.with_value(BTreeMap::is_empty) {
            draft.send();
        }
        // Try again when the browser is back online, and now and then in case it never says.
        let online = window_event_listener(leptos::ev::online, move |_| draft.retry());
        let timer =
            set_interval_with_handle(move || draft.retry(), std::time::Duration::from_secs(10))
                .ok();
        on_cleanup(move || {
            online.remove();
            if let Some(timer) = timer {
                timer.clear();
            }
        });
        draft
    }

    pub fn id(&self) -> String {
        self.id.get_value()
    }

    pub fn form(&self) -> StoredValue<FormDefinition> {
        self.form
    }

    /// Records changes as the person makes them (kept on this device; not sent yet).
    pub fn set(&self, changes: Answers) {
        let seq = next_seq();
        self.answers.update(|answers| {
            for (key, text) in &changes {
                answers.insert(key.clone(), text.clone());
            }
        });
        self.local.update_value(|local| {
            for (key, text) in changes {
                local.insert(key, (text, seq));
            }
        });
        self.refused.set(Vec::new());
        self.local
            .with_value(|local| write_local(&self.id.get_value(), local));
    }

    /// Sends what the adapter does not have yet (when the person leaves a field, chooses an
    /// option, or goes on).
    pub fn send(&self) {
        if self.sending.get_value() {
            self.again.set_value(true);
            return;
        }
        let draft = *self;
        leptos::task::spawn_local(async move { draft.send_all().await });
    }

    fn retry(&self) {
        if matches!(
            self.state.get_untracked(),
            SaveState::Offline | SaveState::Failed
        ) {
            self.send();
        }
    }

    async fn send_all(self) {
        self.sending.set_value(true);
        loop {
            self.again.set_value(false);
            let outcome = self.send_once().await;
            let Some(state) = self.state.try_update(|s| {
                *s = outcome;
                *s
            }) else {
                return;
            };
            if state == SaveState::SignedOut {
                crate::session::handle_sign_in_required(&ApiFailure::SignInRequired);
            }
            if !self.again.get_value() || matches!(state, SaveState::Gone | SaveState::SignedOut) {
                break;
            }
        }
        self.sending.set_value(false);
    }

    /// Sends the valid local changes, oldest first, one request per moment of change.
    async fn send_once(&self) -> SaveState {
        let today = today();
        let local = self.local.get_value();
        let (valid, held): (Local, Local) = local.into_iter().partition(|(key, (text, _))| {
            let one = Answers::from([(key.clone(), text.clone())]);
            self.form
                .with_value(|form| form.check_answers(&one, today).is_empty())
        });
        let mut by_seq: BTreeMap<u64, Answers> = BTreeMap::new();
        for (key, (text, seq)) in valid {
            by_seq.entry(seq).or_default().insert(key, text);
        }
        if by_seq.is_empty() {
            return if held.is_empty() {
                SaveState::Saved
            } else {
                SaveState::Held
            };
        }
        self.state.try_set(SaveState::Saving);
        let id = self.id.get_value();
        for (seq, answers) in by_seq {
            match api::save_answers(&id, &answers, seq).await {
                Ok(()) => {
                    // Forget what was sent, unless it was changed again meanwhile.
                    if self
                        .local
                        .try_update_value(|local| {
                            local.retain(|key, (_, s)| !(answers.contains_key(key) && *s == seq));
                        })
                        .is_none()
                    {
                        return SaveState::Saved;
                    }
                    self.local.with_value(|local| write_local(&id, local));
                }
                Err(ApiFailure::Network) => return SaveState::Offline,
                Err(ApiFailure::SignInRequired) => return SaveState::SignedOut,
                Err(ApiFailure::NotFound | ApiFailure::Forbidden) => {
                    forget(&id);
                    return SaveState::Gone;
                }
                Err(ApiFailure::Refused(error)) => {
                    self.refused.try_set(error.problems);
                    return SaveState::Failed;
                }
                Err(ApiFailure::Server) => return SaveState::Failed,
            }
        }
        if held.is_empty() {
            SaveState::Saved
        } else {
            SaveState::Held
        }
    }
}

const PREFIX: &str = "qyzmet.draft.";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// `{"key": ["text", seq], …}` under `qyzmet.draft.<id>`.
fn read_local(id: &str) -> Local {
    let Some(text) = storage().and_then(|s| s.get_item(&format!("{PREFIX}{id}")).ok().flatten())
    else {
        return Local::new();
    };
    let Ok(value) = js_sys::JSON::parse(&text) else {
        return Local::new();
    };
    let mut local = Local::new();
    if !value.is_object() {
        return local;
    }
    let object: js_sys::Object = value.into();
    for entry in js_sys::Object::entries(&object).iter() {
        let entry = js_sys::Array::from(&entry);
        let pair = js_sys::Array::from(&entry.get(1));
        if let (Some(key), Some(text), Some(seq)) = (
            entry.get(0).as_string(),
            pair.get(0).as_string(),
            pair.get(1).as_f64(),
        ) {
            local.insert(key, (text, seq as u64));
        }
    }
    local
}

fn write_local(id: &str, local: &Local) {
    let Some(storage) = storage() else { return };
    let key = format!("{PREFIX}{id}");
    if local.is_empty() {
        let _ = storage.remove_item(&key);
        return;
    }
    let object = js_sys::Object::new();
    for (answer, (text, seq)) in local {
        let pair = js_sys::Array::of2(&JsValue::from_str(text), &JsValue::from_f64(*seq as f64));
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(answer), &pair);
    }
    if let Some(json) = js_sys::JSON::stringify(&object)
        .ok()
        .and_then(|s| s.as_string())
    {
        // A full storage keeps the answers in this page only; the adapter still gets them.
        let _ = storage.set_item(&key, &json);
    }
}

/// Drops a draft's local changes (deleted, or gone).
pub fn forget(id: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&format!("{PREFIX}{id}"));
    }
}

/// Drops every draft's local changes and the names of files left half sent (signing out on a
/// shared computer).
pub fn forget_all() {
    let Some(storage) = storage() else { return };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(PREFIX) || key.starts_with(crate::uploads::PREFIX))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

/// The next sequence number: now in milliseconds, above any this browser gave before.
fn next_seq() -> u64 {
    const KEY: &str = "qyzmet.seq";
    let store = storage();
    let last: u64 = store
        .as_ref()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let seq = (js_sys::Date::now() as u64).max(last + 1);
    if let Some(store) = store {
        let _ = store.set_item(KEY, &seq.to_string());
    }
    seq
}

/// Today as the person's browser sees it (for "not in the future").
pub fn today() -> Day {
    let now = js_sys::Date::new_0();
    Day {
        year: now.get_full_year(),
        month: now.get_month() + 1,
        day: now.get_date(),
    }
}
