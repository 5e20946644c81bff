//! `/admin/accounts`: the administrator's list of accounts, with sign-in locks and a way to
//! lift one. Any other role gets the translated "not allowed" (the adapter refuses the data).

use leptos::prelude::*;
use qyzmet_domain::AccountList;

use crate::{
    api::{self, ApiFailure, load},
    components::{
        error_panel::{ErrorPanel, Loading, NotAllowed},
        page_heading::PageHeading,
    },
    format,
    i18n::*,
    pages::cabinet::{RequireSignIn, RoleName},
    session::handle_sign_in_required,
};

#[component]
pub fn AccountsPage() -> impl IntoView {
    view! { <RequireSignIn children=|_| view! { <Accounts/> }/> }
}

#[component]
fn Accounts() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = load(api::list_accounts);
    move || match loaded.state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(ApiFailure::Forbidden)) => view! { <NotAllowed/> }.into_any(),
        Some(Err(failure)) => {
            handle_sign_in_required(&failure);
            view! {
                <PageHeading text=Signal::derive(move || t_string!(i18n, accounts_title).to_string())/>
                <ErrorPanel failure on_retry=loaded.reload without_title=true/>
            }
            .into_any()
        }
        Some(Ok(list)) => view! {
            <PageHeading text=Signal::derive(move || t_string!(i18n, accounts_title).to_string())/>
            <AccountTable list reload=loaded.reload/>
        }
        .into_any(),
    }
}

#[component]
fn AccountTable(list: AccountList, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    if list.accounts.is_empty() {
        return view! { <p class="empty-state">{t!(i18n, accounts_empty)}</p> }.into_any();
    }
    let rows = list
        .accounts
        .into_iter()
        .map(|account| {
            let iin = account.iin.to_string();
            let name = account.full_name.clone();
            let locked = account.locked_until.clone();
            let unlock = {
                let iin = iin.clone();
                move |_| {
                    let iin = iin.clone();
                    leptos::task::spawn_local(async move {
                        if api::unlock_account(iin).await.is_ok() {
                            reload.run(());
                        }
                    });
                }
            };
            view! {
                <tr>
                    <td>{iin}</td>
                    <td>{name.clone()}</td>
                    <td><RoleName role=account.role/></td>
                    <td>
                        {match locked {
                            Some(until) => view! {
                                <span>{move || t_string!(i18n, account_locked, time = format::moment(i18n, &until)).to_string()}</span>
                                " "
                                <button type="button" class="button button--secondary" on:click=unlock
                                    aria-label=move || t_string!(i18n, unlock_for, name = name.clone()).to_string()>
                                    {t!(i18n, unlock)}
                                </button>
                            }.into_any(),
                            None => view! { <span>{t!(i18n, account_active)}</span> }.into_any(),
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-labelledby="accounts-caption">
            <table class="table">
                <caption id="accounts-caption">{t!(i18n, accounts_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, iin)}</th>
                        <th scope="col">{t!(i18n, full_name)}</th>
                        <th scope="col">{t!(i18n, role)}</th>
                        <th scope="col">{t!(i18n, status)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
