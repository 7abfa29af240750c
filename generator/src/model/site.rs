//! The site model: content read, Markdown rendered, URLs decided. Everything later stages
//! (pages, index, data) need, and nothing they compute.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::content::{Codes, Content, NoticeSource, OrgSource};
use crate::model::date::Date;
use crate::model::markdown::{self, Section};
use crate::model::reference::OrgKind;

/// An organisation ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Org {
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub kind_label: &'static str,
    pub website: String,
    pub region: String,
    /// `region` as a URL fragment (`west-midlands`); empty when no region is given.
    pub region_slug: String,
    pub nhs_region: String,
    pub description: String,
    pub codes: Codes,
    /// Site-relative URL, e.g. `orgs/dudley/`.
    pub url: String,
    pub notices: Vec<Notice>,
}

/// A notice ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub source_url: String,
    pub retrieved: Date,
    pub last_updated: Option<Date>,
    pub source_file: String,
    pub sha256: String,
    /// Site-relative URL, e.g. `orgs/dudley/public-health/`.
    pub url: String,
    pub html: String,
    pub sections: Vec<Section>,
    pub words: usize,
    /// The notice's Markdown file, for files that sit beside it (reviewed facts).
    #[serde(skip)]
    pub source_path: std::path::PathBuf,
    /// Its kept versions, then itself; empty when none were kept (`model::versions`).
    pub history: Vec<crate::model::versions::Version>,
}

/// The whole site model.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub orgs: Vec<Org>,
}

impl Site {
    /// Renders every notice's Markdown and settles URLs.
    pub fn from_content(content: Content) -> Site {
        let orgs = content.orgs.into_par_iter().map(org_from_source).collect();
        Site { orgs }
    }

    /// Frees the sections' blocks, which only fact extraction reads: a build calls this once
    /// the facts are collected (about a tenth of the site model's memory).
    pub fn drop_blocks(&mut self) {
        for notice in self.orgs.iter_mut().flat_map(|o| o.notices.iter_mut()) {
            for section in &mut notice.sections {
                section.blocks = Vec::new();
            }
        }
    }

    pub fn notice_count(&self) -> usize {
        self.orgs.iter().map(|o| o.notices.len()).sum()
    }

    /// Organisations grouped by kind, in the fixed order of kinds, empty groups left out.
    pub fn orgs_by_kind(&self) -> Vec<KindGroup<'_>> {
        OrgKind::ALL
            .iter()
            .map(|&kind| KindGroup {
                kind: kind.id(),
                label: kind.label(),
                orgs: self.orgs.iter().filter(|o| o.kind == kind).collect(),
            })
            .filter(|g| !g.orgs.is_empty())
            .collect()
    }
}

/// Organisations of one kind.
#[derive(Debug, Serialize)]
pub struct KindGroup<'a> {
    pub kind: &'static str,
    pub label: &'static str,
    pub orgs: Vec<&'a Org>,
}

fn org_from_source(source: OrgSource) -> Org {
    let url = format!("orgs/{}/", source.slug);
    let notices = source
        .notices
        .into_par_iter()
        .map(|n| {
            let notice = notice_from_source(&url, n);
            crate::progress::tick(1);
            notice
        })
        .collect();
    let meta = source.meta;
    Org {
        slug: source.slug,
        name: meta.name,
        kind: meta.kind,
        kind_label: meta.kind.label(),
        website: meta.website,
        region_slug: crate::model::slug::region_slug(&meta.region),
        region: meta.region,
        nhs_region: meta.nhs_region,
        description: meta.description,
        codes: meta.codes,
        url,
        notices,
    }
}

fn notice_from_source(org_url: &str, source: NoticeSource) -> Notice {
    let rendered = markdown::render(&source.markdown);
    let url = format!("{org_url}{}/", source.slug);
    let history = crate::model::versions::history(&url, &source);
    let words = rendered
        .sections
        .iter()
        .map(|s| s.text.split_whitespace().count())
        .sum();
    Notice {
        url,
        history,
        slug: source.slug,
        title: source.title,
        summary: source.summary,
        source_url: source.source_url,
        retrieved: source.retrieved,
        last_updated: source.last_updated,
        source_file: source.provenance.source_file,
        sha256: source.provenance.sha256,
        html: rendered.html,
        sections: rendered.sections,
        words,
        source_path: source.path,
    }
}
