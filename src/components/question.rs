//! One question of a request form, rendered from its definition (`data/forms/`): a text box,
//! a set of radios, or a group of repeated items. Each keeps the answer as typed in the draft,
//! checks it with the domain's rules when the person leaves it (and again as they correct it),
//! and sends it.

use leptos::prelude::*;
use qyzmet_domain::{
    Answers, Field, FieldKind, FieldProblem, Lang, Problem,
    form::{Wording, check_value},
};

use crate::{
    components::form::{ErrorLine, described_by, problem_message},
    drafts::{Draft, today},
    i18n::*,
};

pub fn pick(lang: Lang, wording: &Wording) -> String {
    lang.pick(&wording.kk, &wording.ru).to_owned()
}

/// The translated message for an answer's problem, with the field's own limits.
pub fn answer_message(i18n: I18nContext<Locale>, field: &Field, problem: Problem) -> String {
    use FieldKind::*;
    use Problem::*;
    // The browser writes the number (Rust's float formatting would add to the download).
    let number = |value: Option<f64>| {
        value
            .and_then(|v| js_sys::Number::from(v).to_string_with_radix(10).ok())
            .map(|s| String::from(s).replace('.', ","))
            .unwrap_or_default()
    };
    match (field.kind, problem) {
        // The sign-up form's rules, with its words.
        (Iin, _) => problem_message(i18n, &FieldProblem::new("iin", problem)),
        (Phone, _) => problem_message(i18n, &FieldProblem::new("phone", problem)),
        (Choice | YesNo, _) => t_string!(i18n, answer_problems.choose).to_string(),
        (Group, Empty) => t_string!(i18n, answer_problems.group_empty).to_string(),
        (Group, _) => {
            let max = field.max_items.unwrap_or(10);
            t_string!(i18n, answer_problems.group_too_large, max = max).to_string()
        }
        (_, Empty) => t_string!(i18n, answer_problems.empty).to_string(),
        (Text | Textarea, TooLong) => {
            let max = field
                .max_chars
                .unwrap_or(if field.kind == Text { 200 } else { 2000 });
            t_string!(i18n, answer_problems.too_long, max = max).to_string()
        }
        (_, TooLong | NotANumber) => t_string!(i18n, answer_problems.not_a_number).to_string(),
        (Money, TooManyDecimals) => t_string!(i18n, answer_problems.money_decimals).to_string(),
        (_, TooManyDecimals) => match field.decimals.unwrap_or(0) {
            0 => t_string!(i18n, answer_problems.whole_number).to_string(),
            n => t_string!(i18n, answer_problems.too_many_decimals, n = n).to_string(),
        },
        (_, TooSmall) => match field.min {
            Some(min) if min != 0.0 => {
                let min = number(Some(min));
                t_string!(i18n, answer_problems.too_small, min = min).to_string()
            }
            _ => t_string!(i18n, answer_problems.negative).to_string(),
        },
        (_, TooLarge) => {
            let max = number(field.max);
            t_string!(i18n, answer_problems.too_large, max = max).to_string()
        }
        (_, NotADate) => t_string!(i18n, answer_problems.not_a_date).to_string(),
        (_, InFuture) => t_string!(i18n, answer_problems.in_future).to_string(),
        _ => t_string!(i18n, answer_problems.not_a_field).to_string(),
    }
}

/// Where a form page's problems live, with the form to word them.
#[derive(Clone, Copy)]
pub struct PageProblems {
    pub list: RwSignal<Vec<FieldProblem>>,
}

impl PageProblems {
    fn message(
        &self,
        i18n: I18nContext<Locale>,
        key: String,
        field: StoredValue<Field>,
    ) -> Signal<Option<String>> {
        let list = self.list;
        Signal::derive(move || {
            list.with(|all| {
                all.iter()
                    .find(|p| p.field == key)
                    .map(|p| field.with_value(|f| answer_message(i18n, f, p.problem)))
            })
        })
    }

    fn set(&self, key: &str, problem: Option<Problem>) {
        self.list.update(|all| {
            let at = all.iter().position(|p| p.field == key);
            all.retain(|p| p.field != key);
            if let Some(problem) = problem {
                let found = FieldProblem::new(key, problem);
                match at {
                    Some(at) => all.insert(at.min(all.len()), found),
                    None => all.push(found),
                }
            }
        });
    }

    fn has(&self, key: &str) -> bool {
        self.list
            .with_untracked(|all| all.iter().any(|p| p.field == key))
    }
}

/// The answer under `key`, as typed.
fn answer(draft: Draft, key: &str) -> String {
    draft
        .answers
        .with(|a| a.get(key).cloned().unwrap_or_default())
}

/// As the person types: keep it, and clear (or update) a problem they are fixing.
fn typed(draft: Draft, problems: PageProblems, field: StoredValue<Field>, key: &str, text: String) {
    if problems.has(key) {
        let found = field.with_value(|f| check_value(f, &text, today(), f.required).err());
        problems.set(key, found);
    }
    draft.set(Answers::from([(key.to_owned(), text)]));
}

/// When the person leaves the field (or picks an option): check it and send it.
fn given(draft: Draft, problems: PageProblems, field: StoredValue<Field>, key: &str) {
    let text = draft
        .answers
        .with_untracked(|a| a.get(key).cloned().unwrap_or_default());
    // An empty answer is marked only when they go on: leaving a field blank is not a mistake yet.
    let found = field.with_value(|f| check_value(f, &text, today(), false).err());
    problems.set(key, found);
    draft.send();
}

#[component]
pub fn Question(field: Field, key: String, draft: Draft, problems: PageProblems) -> impl IntoView {
    match field.kind {
        FieldKind::Choice | FieldKind::YesNo => {
            view! { <Radios field key draft problems/> }.into_any()
        }
        FieldKind::Group => view! { <Group field draft problems/> }.into_any(),
        _ => view! { <TextInput field key draft problems/> }.into_any(),
    }
}

/// The label's extra words: "(optional)".
fn optional_mark(i18n: I18nContext<Locale>, required: bool) -> Option<String> {
    (!required).then(|| format!(" {}", t_string!(i18n, optional)))
}

#[component]
fn TextInput(field: Field, key: String, draft: Draft, problems: PageProblems) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let kind = field.kind;
    let label = field.label.clone();
    let hint = field.hint.clone();
    let required = field.required;
    let field = StoredValue::new(field);
    let error = problems.message(i18n, key.clone(), field);
    let hint_id = format!("{key}-hint");
    let error_id = format!("{key}-error");
    // Dates and sums say how to write them when the form does not.
    let own_hint = hint.is_some();
    let format_hint = move || match kind {
        FieldKind::Date if !own_hint => Some(t_string!(i18n, date_hint).to_string()),
        FieldKind::Money if !own_hint => Some(t_string!(i18n, money_hint).to_string()),
        _ => None,
    };
    let has_hint = own_hint || matches!(kind, FieldKind::Date | FieldKind::Money);
    let described_by = described_by(has_hint.then(|| hint_id.clone()), error_id.clone(), error);
    let (input_type, inputmode, autocomplete) = match kind {
        FieldKind::Phone => ("tel", None, "tel"),
        FieldKind::Iin => ("text", Some("numeric"), "off"),
        FieldKind::Number | FieldKind::Money => ("text", Some("decimal"), "off"),
        _ => ("text", None, "off"),
    };
    let class = match kind {
        FieldKind::Iin | FieldKind::Date | FieldKind::Phone => "field__input field__input--short",
        FieldKind::Number | FieldKind::Money => "field__input field__input--number",
        _ => "field__input",
    };
    let value = {
        let key = key.clone();
        move || answer(draft, &key)
    };
    let on_input = {
        let key = key.clone();
        move |ev| typed(draft, problems, field, &key, event_target_value(&ev))
    };
    let on_change = {
        let key = key.clone();
        move |_| given(draft, problems, field, &key)
    };
    let label_text = {
        let label = label.clone();
        move || {
            format!(
                "{}{}",
                pick(lang(), &label),
                optional_mark(i18n, required).unwrap_or_default()
            )
        }
    };
    let control = if kind == FieldKind::Textarea {
        view! {
            <textarea class="field__textarea" id=key.clone() name=key.clone() rows="4"
                aria-describedby=described_by.clone()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=value.clone() on:input=on_input.clone() on:change=on_change.clone()
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input class=class id=key.clone() name=key.clone() type=input_type inputmode=inputmode
                autocomplete=autocomplete spellcheck="false"
                aria-describedby=described_by
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=value on:input=on_input on:change=on_change
            />
        }
        .into_any()
    };
    view! {
        <div class=move || if error.with(Option::is_some) { "field field--error" } else { "field" }>
            <label class="field__label" for=key.clone()>{label_text}</label>
            {has_hint.then(|| view! {
                <p class="field__hint" id=hint_id>
                    {move || [hint.as_ref().map(|h| pick(lang(), h)), format_hint()].into_iter().flatten().collect::<Vec<_>>().join(" ")}
                </p>
            })}
            <ErrorLine id=error_id error/>
            {if kind == FieldKind::Money {
                view! {
                    <div class="field__affix">{control}<span class="field__unit" aria-hidden="true">"₸"</span></div>
                }.into_any()
            } else {
                control
            }}
        </div>
    }
}

/// A choice or yes/no: radios in a fieldset whose legend is the question. The first radio has
/// the answer's key as its id, so the error summary's link lands on it.
#[component]
fn Radios(field: Field, key: String, draft: Draft, problems: PageProblems) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let label = field.label.clone();
    let hint = field.hint.clone();
    let required = field.required;
    let options: Vec<(String, Option<Wording>)> = if field.kind == FieldKind::YesNo {
        vec![("yes".into(), None), ("no".into(), None)]
    } else {
        field
            .options
            .iter()
            .map(|o| {
                (
                    o.id.clone(),
                    Some(Wording {
                        kk: o.kk.clone(),
                        ru: o.ru.clone(),
                    }),
                )
            })
            .collect()
    };
    let inline = field.kind == FieldKind::YesNo;
    let field = StoredValue::new(field);
    let error = problems.message(i18n, key.clone(), field);
    let hint_id = format!("{key}-hint");
    let error_id = format!("{key}-error");
    let described_by = described_by(
        hint.is_some().then(|| hint_id.clone()),
        error_id.clone(),
        error,
    );
    let radios = options
        .into_iter()
        .enumerate()
        .map(|(index, (value, wording))| {
            let id = if index == 0 {
                key.clone()
            } else {
                format!("{key}-{value}")
            };
            let name = key.clone();
            let checked = {
                let (key, value) = (key.clone(), value.clone());
                move || draft.answers.with(|a| a.get(&key) == Some(&value))
            };
            let on_change = {
                let (key, value) = (key.clone(), value.clone());
                move |_| {
                    typed(draft, problems, field, &key, value.clone());
                    given(draft, problems, field, &key);
                }
            };
            let text = {
                let value = value.clone();
                move || match &wording {
                    Some(w) => pick(lang(), w),
                    None if value == "yes" => t_string!(i18n, yes).to_string(),
                    None => t_string!(i18n, no).to_string(),
                }
            };
            view! {
                <div class="radio">
                    <input class="radio__input" type="radio" id=id.clone() name=name value=value
                        prop:checked=checked on:change=on_change/>
                    <label class="radio__label" for=id>{text}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class=move || if error.with(Option::is_some) { "field field--error" } else { "field" }>
            <fieldset class="fieldset" aria-describedby=described_by>
                <legend class="fieldset__legend">
                    {move || pick(lang(), &label)} {move || optional_mark(i18n, required)}
                </legend>
                {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{move || pick(lang(), &hint)}</p> })}
                <ErrorLine id=error_id error/>
                <div class=if inline { "radios radios--inline" } else { "radios" }>{radios}</div>
            </fieldset>
        </div>
    }
}

/// Repeated items (family members): each item's questions in its own fieldset, with "add"
/// and "remove". The item count is the group's own answer.
#[component]
fn Group(field: Field, draft: Draft, problems: PageProblems) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let id = field.id.clone();
    let label = field.label.clone();
    let hint = field.hint.clone();
    let max = field.max_items.unwrap_or(10);
    let subs = StoredValue::new(field.fields.clone());
    let field = StoredValue::new(field);
    let count = {
        let id = id.clone();
        Memo::new(move |_| {
            draft.answers.with(|a| {
                a.get(&id)
                    .and_then(|n| n.trim().parse::<u32>().ok())
                    .unwrap_or(0)
                    .min(max)
            })
        })
    };
    let error = problems.message(i18n, id.clone(), field);
    let error_id = format!("{id}-error");
    let add_id = id.clone();
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let add = {
        let id = id.clone();
        move |_| {
            let n = count.get_untracked();
            if n < max {
                draft.set(Answers::from([(id.clone(), (n + 1).to_string())]));
                problems.set(&id, None);
                draft.send();
                // The new item's first question takes focus.
                let first = subs.with_value(|s| s.first().map(|f| format!("{id}.{n}.{}", f.id)));
                if let Some(first) = first {
                    request_animation_frame(move || focus_by_id(&first));
                }
            }
        }
    };
    let remove = {
        let id = id.clone();
        move |index: u32| {
            let n = count.get_untracked();
            // Later items move up one place; the last place is emptied.
            let mut changes = Answers::new();
            draft.answers.with_untracked(|answers| {
                subs.with_value(|subs| {
                    for at in index..n {
                        for sub in subs {
                            let next = answers
                                .get(&format!("{id}.{}.{}", at + 1, sub.id))
                                .cloned()
                                .unwrap_or_default();
                            let text = if at + 1 < n { next } else { String::new() };
                            changes.insert(format!("{id}.{at}.{}", sub.id), text);
                        }
                    }
                })
            });
            changes.insert(id.clone(), (n - 1).to_string());
            let prefix = format!("{id}.");
            problems
                .list
                .update(|all| all.retain(|p| !p.field.starts_with(&prefix)));
            draft.set(changes);
            draft.send();
            focus_by_id(&id);
        }
    };
    let items = {
        let id = id.clone();
        move || {
            (0..count.get())
                .map(|index| {
                    let id = id.clone();
                    let legend = move || t_string!(i18n, group_item, n = index + 1).to_string();
                    let questions = subs.with_value(|subs| {
                        subs.iter()
                            .map(|sub| {
                                let key = format!("{id}.{index}.{}", sub.id);
                                view! { <Question field=sub.clone() key draft problems/> }
                            })
                            .collect_view()
                    });
                    let remove = remove.clone();
                    view! {
                        <fieldset class="fieldset group-item">
                            <legend class="fieldset__legend fieldset__legend--small">{legend}</legend>
                            {questions}
                            <button type="button" class="button button--secondary button--small"
                                on:click=move |_| remove(index)>
                                {t!(i18n, group_remove)}
                                <span class="visually-hidden">" " {legend}</span>
                            </button>
                        </fieldset>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <section class=move || if error.with(Option::is_some) { "group field--error" } else { "group" }
            aria-labelledby=labelled_by>
            <h2 class="group__title" id=title_id>{move || pick(lang(), &label)}</h2>
            {hint.map(|hint| view! { <p class="field__hint">{move || pick(lang(), &hint)}</p> })}
            <ErrorLine id=error_id error/>
            {move || (count.get() == 0).then(|| view! { <p class="empty-state">{t!(i18n, group_none)}</p> })}
            {items}
            // The button has the group's id: the error summary's link for "add one" lands on it.
            <Show when=move || { count.get() < max }>
                <button type="button" class="button button--secondary" id=add_id.clone() on:click=add.clone()>
                    {move || if count.get() == 0 { t_string!(i18n, group_add_first) } else { t_string!(i18n, group_add) }}
                </button>
            </Show>
        </section>
    }
}

pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
