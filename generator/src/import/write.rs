//! Writing notices: the file `atlas import` and `atlas refresh` write (front matter with
//! provenance, then the Markdown), the hashes provenance records, and the one way files are
//! written (a temporary file renamed into place).

use super::Converted;
use crate::files::sha256_hex;
use crate::model::date::Date;

/// The front matter and body of a notice file.
#[derive(Debug, Clone)]
pub struct NoticeFile<'a> {
    pub converted: &'a Converted,
    pub source_file: &'a str,
    pub source_url: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub retrieved: Date,
    /// `YYYY-MM-DD`.
    pub imported: Date,
    /// The summary a maintainer wrote, kept when a refresh replaces the text.
    pub summary: Option<&'a str>,
}

impl NoticeFile<'_> {
    /// The notice file, its provenance recording the body's sha256.
    pub fn render(&self) -> String {
        let text = self.render_without_body_hash();
        let hash = body_sha256(&text).unwrap_or_default();
        text.replacen(
            "\n+++\n\n",
            &format!("\nmarkdown_sha256 = \"{hash}\"\n+++\n\n"),
            1,
        )
    }

    fn render_without_body_hash(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let c = self.converted;
        let mut out = String::from("+++\n");
        out.push_str(&format!("title = {}\n", q(&c.title)));
        out.push_str(&format!(
            "source_url = {}\n",
            q(self.source_url.unwrap_or_default())
        ));
        out.push_str(&format!("retrieved = {}\n", self.retrieved));
        if let Some(d) = &c.last_updated {
            out.push_str(&format!(
                "last_updated = {}  # {}\n",
                d.date,
                d.phrase.replace(['\n', '\r'], " ")
            ));
        }
        match self.summary.filter(|s| !s.is_empty()) {
            Some(summary) => out.push_str(&format!("summary = {}\n", q(summary))),
            None => out.push_str("summary = \"\"  # one plain sentence, written by hand\n"),
        }
        out.push_str("\n[provenance]\n");
        out.push_str(&format!("source_file = {}\n", q(self.source_file)));
        out.push_str(&format!("sha256 = {}\n", q(&c.sha256)));
        out.push_str(&format!("imported = {}\n", self.imported));
        out.push_str("+++\n\n");
        out.push_str(&c.markdown);
        out
    }
}

/// sha256 of a notice file's Markdown body (everything after the front matter), hex: what
/// `provenance.markdown_sha256` records at import, so a refresh can tell a hand edit.
pub fn body_sha256(notice_text: &str) -> Option<String> {
    crate::model::content::split_front_matter(notice_text)
        .map(|(_, body, _)| sha256_hex(body.as_bytes()))
}
