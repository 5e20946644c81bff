//! `/applications/{id}/receipt`: the receipt given on intake (001 §13, 002 §10, 004 §5) —
//! number and date, the service, the documents attached, who accepted it, the applicant — with
//! a QR code that opens the request, to print (print stylesheet) or download as a PDF.

use leptos::prelude::*;
use qyzmet_domain::{ServicePage, submission::Receipt};

use crate::{
    api::{self, ApiFailure},
    components::{
        error_panel::{ErrorPanel, Loading},
        page_heading::PageHeading,
    },
    format,
    i18n::*,
    session::handle_sign_in_required,
};

#[component]
pub fn ReceiptPage(id: String, service: StoredValue<ServicePage>) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = api::load({
        let id = id.clone();
        move || api::get_receipt(id.clone())
    });
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, receipt_title).to_string())/>
        {move || match loaded.state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(receipt)) => view! { <ReceiptView receipt service/> }.into_any(),
            Some(Err(failure)) => {
                if failure != ApiFailure::NotFound {
                    handle_sign_in_required(&failure);
                }
                view! { <ErrorPanel failure on_retry=loaded.reload without_title=true/> }.into_any()
            }
        }}
    }
}

#[component]
fn ReceiptView(receipt: Receipt, service: StoredValue<ServicePage>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let receipt = StoredValue::new(receipt);
    let id = receipt.with_value(|r| r.application.clone());
    let number = receipt.with_value(|r| r.number.clone());
    let document_name =
        move |slot: &str| service.with_value(|s| s.service.document_name(slot, lang()));
    let documents = move || {
        receipt.with_value(|r| {
            r.documents
                .iter()
                .map(|d| view! { <li>{document_name(&d.slot)} ": " {d.name.clone()}</li> })
                .collect_view()
        })
    };
    let count = receipt.with_value(|r| r.documents.len());
    // At a service centre: the operator and the branch (002 §10), where the result is given.
    let accepted_by = move || {
        receipt.with_value(|r| match &r.centre {
            Some(centre) => format!("{}, {}", centre.operator, centre.branch.name.get(lang())),
            None => t_string!(i18n, receipt_by_portal).to_string(),
        })
    };
    let result_place = move || {
        receipt.with_value(|r| match &r.centre {
            Some(centre) => format!(
                "{}, {}",
                centre.branch.name.get(lang()),
                centre.branch.address.get(lang())
            ),
            None => t_string!(i18n, receipt_result_cabinet).to_string(),
        })
    };
    let representative = receipt.with_value(|r| r.representative.clone()).map(|p| view! {
        <div class="summary__row"><dt>{t!(i18n, receipt_representative)}</dt>
            <dd>{p.name.clone()} <br/> {t!(i18n, iin)} " " {p.iin.clone()} <br/> {p.phone.clone()}</dd>
        </div>
    });
    // The operator prints it at the desk (A4 or the receipt printer's roll) and goes on to the
    // next citizen; the citizen who finds it in their cabinet has the usual links.
    let at_desk = receipt.with_value(|r| r.centre.is_some())
        && crate::session::use_auth().session.with_untracked(|s| {
            s.as_ref()
                .is_some_and(|s| s.role == qyzmet_domain::Role::Operator)
        });
    let when = move || {
        receipt.with_value(|r| {
            let at = format::kazakhstan_date_time(i18n, &r.submitted_at);
            t_string!(i18n, receipt_astana_time, at = at).to_string()
        })
    };
    let result = receipt.with_value(|r| r.result.clone());
    let due = result.map(|result| {
        let when = move || {
            let at = format::kazakhstan_date_time(i18n, &result.due);
            let mut text = t_string!(i18n, receipt_astana_time, at = at).to_string();
            if result.estimated {
                text = format!("{text} {}", t_string!(i18n, receipt_due_estimated));
            }
            text
        };
        let region = move || {
            service.with_value(|s| {
                s.regions
                    .iter()
                    .find(|r| r.id == result.region)
                    .map_or_else(|| result.region.clone(), |r| lang().pick(&r.kk, &r.ru).to_owned())
            })
        };
        view! {
            <div class="summary__row"><dt>{t!(i18n, receipt_due)}</dt>
                <dd>{when} <br/> <span class="receipt__note">{move || t_string!(i18n, receipt_due_regulation, region = region()).to_string()}</span></dd>
            </div>
        }
    });
    let service_name = move || service.with_value(|s| s.service.name.get(lang()).to_owned());
    let applicant = receipt.with_value(|r| r.applicant.clone());
    let pdf = {
        let id = id.clone();
        move || {
            api::receipt_pdf_path(
                &id,
                if lang() == qyzmet_domain::Lang::Ru {
                    "ru"
                } else {
                    "kk"
                },
            )
        }
    };
    let print = move |_| crate::components::print_page();
    view! {
        <p class="notice notice--done no-print" role="status">
            {move || t_string!(i18n, receipt_submitted, number = number.clone()).to_string()}
        </p>
        <article class="receipt" aria-labelledby="receipt-heading">
            <h2 id="receipt-heading" class="receipt__title">{t!(i18n, receipt_heading)}</h2>
            <div class="receipt__body">
                <dl class="summary summary--compact receipt__facts">
                    <div class="summary__row"><dt>{t!(i18n, receipt_number)}</dt><dd class="receipt__number">{receipt.with_value(|r| r.number.clone())}</dd></div>
                    <div class="summary__row"><dt>{t!(i18n, receipt_date)}</dt><dd>{when}</dd></div>
                    <div class="summary__row"><dt>{t!(i18n, sign_service)}</dt><dd>{service_name}</dd></div>
                    <div class="summary__row">
                        <dt>{move || t_string!(i18n, receipt_documents, count = count).to_string()}</dt>
                        <dd><ol class="plain-list">{documents}</ol></dd>
                    </div>
                    <div class="summary__row"><dt>{t!(i18n, receipt_accepted_by)}</dt><dd>{accepted_by}</dd></div>
                    <div class="summary__row"><dt>{t!(i18n, receipt_applicant)}</dt>
                        <dd>{applicant.name.clone()} <br/> {t!(i18n, iin)} " " {applicant.iin.clone()} <br/> {applicant.phone.clone()}</dd>
                    </div>
                    {representative}
                    {due}
                    <div class="summary__row"><dt>{t!(i18n, receipt_result)}</dt><dd>{result_place}</dd></div>
                </dl>
                <figure class="receipt__qr">
                    <img src=api::receipt_qr_path(&id) width="160" height="160"
                        alt=move || t_string!(i18n, receipt_qr_alt).to_string()/>
                    <figcaption>{t!(i18n, receipt_qr_caption)}</figcaption>
                </figure>
            </div>
        </article>
        {if at_desk {
            view! {
                <crate::pages::centre::PrintChoice/>
                <div class="button-group no-print">
                    <a class="button button--secondary" href=pdf download="">{t!(i18n, receipt_pdf)}</a>
                    <a class="button button--secondary" href="/centre">{t!(i18n, centre_title)}</a>
                </div>
            }.into_any()
        } else {
            view! {
                <div class="button-group no-print">
                    <button type="button" class="button" on:click=print>{t!(i18n, receipt_print)}</button>
                    <a class="button button--secondary" href=pdf download="">{t!(i18n, receipt_pdf)}</a>
                    <a class="button button--secondary" href=format!("/applications/{id}/status")>{t!(i18n, status_title)}</a>
                    <a class="button button--secondary" href="/cabinet">{t!(i18n, to_my_applications)}</a>
                </div>
            }.into_any()
        }}
    }
}
