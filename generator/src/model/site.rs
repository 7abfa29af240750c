//! The site model: content read, Markdown rendered, URLs decided. Everything later stages
//! (pages, index, data) need, and nothing they compute.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cache::{Key, KeyBuilder};

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
    /// Everything the rendered notice and its extracted facts are made from (its text, title,
    /// slug and organisation): their key in the build cache.
    #[serde(skip)]
    pub work_key: Key,
}

/// A notice's Markdown as rendered: what a build keeps between runs (sections without their
/// blocks, which only fact extraction reads).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RenderedNotice {
    pub html: String,
    pub sections: Vec<Section>,
    pub words: usize,
}

/// The whole site model.
#[derive(Debug, Clone, Default)]
pub struct Site {
    pub orgs: Vec<Org>,
}

impl Site {
    /// Renders every notice's Markdown and settles URLs.
    pub fn from_content(content: Content) -> Site {
        Site::from_content_with(content, &|_| None)
    }

    /// Settles URLs and renders every notice's Markdown, except where `earlier` has the
    /// notice as rendered before (by its [`Notice::work_key`]).
    pub fn from_content_with(
        content: Content,
        earlier: &(dyn Fn(&Key) -> Option<RenderedNotice> + Sync),
    ) -> Site {
        let orgs = content
            .orgs
            .into_par_iter()
            .map(|o| org_from_source(o, earlier))
            .collect();
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

fn org_from_source(
    source: OrgSource,
    earlier: &(dyn Fn(&Key) -> Option<RenderedNotice> + Sync),
) -> Org {
    let url = format!("orgs/{}/", source.slug);
    let org_slug = &source.slug;
    let notices = source
        .notices
        .into_par_iter()
        .map(|n| {
            let notice = notice_from_source(org_slug, &url, n, earlier);
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

/// The key of a notice's rendered Markdown and extracted facts.
pub fn work_key(org_slug: &str, source: &NoticeSource) -> Key {
    KeyBuilder::new("notice")
        .str(org_slug)
        .str(&source.slug)
        .str(&source.title)
        .str(&source.markdown)
        .finish()
}

fn notice_from_source(
    org_slug: &str,
    org_url: &str,
    source: NoticeSource,
    earlier: &(dyn Fn(&Key) -> Option<RenderedNotice> + Sync),
) -> Notice {
    let work_key = work_key(org_slug, &source);
    let url = format!("{org_url}{}/", source.slug);
    let history = crate::model::versions::history(&url, &source);
    let rendered = earlier(&work_key).unwrap_or_else(|| {
        let rendered = markdown::render(&source.markdown);
        let words = rendered
            .sections
            .iter()
            .map(|s| s.text.split_whitespace().count())
            .sum();
        RenderedNotice {
            html: rendered.html,
            sections: rendered.sections,
            words,
        }
    });
    let words = rendered.words;
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
        work_key,
    }
}
