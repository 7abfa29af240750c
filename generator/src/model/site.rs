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
    /// The rendered text; empty for a notice taken from the build cache, whose HTML is read
    /// back only for its own page (`build::work`). Templates see it as `notice.html` on the
    /// notice page only, never among an organisation's notices, so every build shows the
    /// same.
    #[serde(skip)]
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

impl Org {
    /// What every page showing this organisation is made from, as a key for the build cache:
    /// everything the organisation serialises, except that each notice's rendered text
    /// (`html`, `sections`, `words`) is stood for by its [`Notice::work_key`], which covers
    /// the text it is rendered from (so the key does not read megabytes of HTML).
    pub fn key(&self) -> Key {
        KeyBuilder::new("org").value(&OrgKey::of(self)).finish()
    }

    /// What the pages comparing organisations show of this one, as a key: [`Org::key`] but
    /// for its notices' rendered text (their `work_key`s). Those pages show a notice's text
    /// only through its facts, which their keys cover: a sentence that states nothing
    /// changes the organisation's own pages, not the comparison pages.
    pub fn compared_key(&self) -> Key {
        let mut of = OrgKey::of(self);
        for notice in &mut of.notices {
            notice.work_key = Key([0; 32]);
        }
        KeyBuilder::new("org-compared").value(&of).finish()
    }
}

/// [`Org`] as its key reads it (a test checks that it has every field `Org` serialises).
#[derive(Serialize)]
struct OrgKey<'a> {
    slug: &'a str,
    name: &'a str,
    kind: OrgKind,
    kind_label: &'a str,
    website: &'a str,
    region: &'a str,
    region_slug: &'a str,
    nhs_region: &'a str,
    description: &'a str,
    codes: &'a Codes,
    url: &'a str,
    notices: Vec<NoticeKey<'a>>,
}

#[derive(Serialize)]
struct NoticeKey<'a> {
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    source_url: &'a str,
    retrieved: Date,
    last_updated: Option<Date>,
    source_file: &'a str,
    sha256: &'a str,
    url: &'a str,
    history: &'a [crate::model::versions::Version],
    work_key: Key,
}

impl<'a> OrgKey<'a> {
    fn of(org: &'a Org) -> OrgKey<'a> {
        OrgKey {
            slug: &org.slug,
            name: &org.name,
            kind: org.kind,
            kind_label: org.kind_label,
            website: &org.website,
            region: &org.region,
            region_slug: &org.region_slug,
            nhs_region: &org.nhs_region,
            description: &org.description,
            codes: &org.codes,
            url: &org.url,
            notices: org
                .notices
                .iter()
                .map(|n| NoticeKey {
                    slug: &n.slug,
                    title: &n.title,
                    summary: &n.summary,
                    source_url: &n.source_url,
                    retrieved: n.retrieved,
                    last_updated: n.last_updated,
                    source_file: &n.source_file,
                    sha256: &n.sha256,
                    url: &n.url,
                    history: &n.history,
                    work_key: n.work_key,
                })
                .collect(),
        }
    }
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
        Site::from_content_with(content, &|_| None, &|_, _| {})
    }

    /// Settles URLs and renders every notice's Markdown, except where `earlier` has the
    /// notice as rendered before (by its [`Notice::work_key`]). Each notice rendered now is
    /// handed to `rendered` (with its organisation's slug) as soon as it is made, so that a
    /// build can take what it needs from it (its facts, its HTML to file) and free the rest
    /// while other notices are still being rendered.
    pub fn from_content_with(
        content: Content,
        earlier: &(dyn Fn(&Key) -> Option<RenderedNotice> + Sync),
        rendered: &(dyn Fn(&str, &mut Notice) + Sync),
    ) -> Site {
        let orgs = content
            .orgs
            .into_par_iter()
            .map(|o| org_from_source(o, earlier, rendered))
            .collect();
        Site { orgs }
    }

    /// Frees the sections' plain text, which only the search index reads: a build calls this
    /// once the index is written (headings and anchors stay, for the pages' contents lists).
    pub fn drop_text(&mut self) {
        for notice in self.orgs.iter_mut().flat_map(|o| o.notices.iter_mut()) {
            for section in &mut notice.sections {
                section.text = String::new();
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
    rendered: &(dyn Fn(&str, &mut Notice) + Sync),
) -> Org {
    let url = format!("orgs/{}/", source.slug);
    let org_slug = &source.slug;
    let notices = source
        .notices
        .into_par_iter()
        .map(|n| {
            let notice = notice_from_source(org_slug, &url, n, earlier, rendered);
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
    rendered_now: &(dyn Fn(&str, &mut Notice) + Sync),
) -> Notice {
    let work_key = work_key(org_slug, &source);
    let url = format!("{org_url}{}/", source.slug);
    let history = crate::model::versions::history(&url, &source);
    let earlier = earlier(&work_key);
    let fresh = earlier.is_none();
    let rendered = earlier.unwrap_or_else(|| {
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
    let mut notice = Notice {
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
    };
    if fresh {
        rendered_now(org_slug, &mut notice);
    }
    notice
}

#[cfg(test)]
mod key_tests {
    use super::*;
    use crate::model::content::{Content, OrgMeta, OrgSource, Provenance};

    fn example_org() -> OrgSource {
        let date = Date::parse("2026-01-15").unwrap();
        OrgSource {
            slug: "example".into(),
            meta: OrgMeta {
                name: "Example Council".into(),
                kind: OrgKind::ALL[0],
                website: "https://example.gov.uk".into(),
                region: String::new(),
                nhs_region: String::new(),
                description: String::new(),
                codes: Codes::default(),
            },
            dir: Default::default(),
            notices: vec![NoticeSource {
                slug: "tax".into(),
                title: "Tax".into(),
                source_url: String::new(),
                retrieved: date,
                last_updated: None,
                summary: String::new(),
                provenance: Provenance::default(),
                path: Default::default(),
                markdown: "Some text.".into(),
                body_line: 1,
                versions: Vec::new(),
            }],
        }
    }

    fn fields(value: serde_json::Value) -> Vec<String> {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }

    /// The organisation's key reads every field its pages are given: a field added to `Org`
    /// or `Notice` must be added to the key too, or pages showing it would not be rendered
    /// again when it changes.
    #[test]
    fn the_key_view_has_every_field_pages_see() {
        let content = Content {
            orgs: vec![example_org()],
        };
        let site = Site::from_content(content);
        let org = &site.orgs[0];
        let view = serde_json::to_value(OrgKey::of(org)).unwrap();
        let real = serde_json::to_value(org).unwrap();
        assert_eq!(fields(view.clone()), fields(real.clone()));
        let view_notice = fields(view["notices"][0].clone());
        let mut expected = fields(real["notices"][0].clone());
        expected.retain(|f| !["html", "sections", "words"].contains(&f.as_str()));
        expected.push("work_key".to_string());
        expected.sort();
        assert_eq!(view_notice, expected);
    }

    #[test]
    fn the_keys_follow_the_text_and_the_metadata() {
        let site = |title: &str, text: &str| {
            let mut org = example_org();
            org.notices[0].title = title.to_string();
            org.notices[0].markdown = text.to_string();
            Site::from_content(Content { orgs: vec![org] })
        };
        let a = site("A", "Some text.").orgs[0].key();
        assert_eq!(a, site("A", "Some text.").orgs[0].key());
        assert_ne!(a, site("A", "Other text.").orgs[0].key());
        assert_ne!(a, site("B", "Some text.").orgs[0].key());

        // The comparison pages' key follows the metadata, not the text (their facts cover it).
        let c = site("A", "Some text.").orgs[0].compared_key();
        assert_eq!(c, site("A", "Other text.").orgs[0].compared_key());
        assert_ne!(c, site("B", "Some text.").orgs[0].compared_key());
        assert_ne!(c, a);
    }
}
