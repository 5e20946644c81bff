//! Document scans attached to a request: one or more files per document of the service (a
//! "slot"), sent in pieces that survive a dropped connection (the tus 1.0 protocol), and the
//! kinds of file accepted.

use serde::{Deserialize, Serialize};

/// The file types accepted, by their content: a scan as PDF, or a photo as JPEG or PNG.
pub const ACCEPTED_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

/// A file attached to a slot of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachedFile {
    pub id: String,
    /// The service's document id this file is for.
    pub slot: String,
    /// The file's name as the person's device gave it.
    pub name: String,
    pub size: u64,
    /// One of `ACCEPTED_TYPES`, as the adapter found it in the content.
    pub content_type: String,
    /// RFC 3339.
    pub created_at: String,
    /// A small PNG of the image or of the PDF's first page is at `…/thumbnail`.
    pub thumbnail: bool,
}

/// A file still being sent: how much the adapter has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadProgress {
    pub id: String,
    pub slot: String,
    pub name: String,
    /// The whole file's size in bytes.
    pub length: u64,
    /// How many bytes the adapter has.
    pub offset: u64,
}

/// `GET /api/applications/{id}/documents`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentList {
    pub files: Vec<AttachedFile>,
    pub uploads: Vec<UploadProgress>,
    /// A service centre's request: the documents the operator ticked as brought on paper.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paper: Vec<String>,
}

/// `PUT /api/applications/{id}/paper`: the documents the applicant brought on paper (002 §15,
/// process 5), by the service's document id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PaperDocuments {
    pub documents: Vec<String>,
}
