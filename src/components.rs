//! Building blocks shared by the pages.

pub mod citation;
pub mod duration;
pub mod error_panel;
pub mod form;
pub mod header;
pub mod page_heading;
pub mod question;
pub mod session_watch;

/// Opens the browser's print dialog (the print stylesheet leaves the document alone).
pub fn print_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
