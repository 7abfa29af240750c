//! The peer report: for one body, each element Articles 13 and 14 require, how many bodies
//! of the same kind state it and how many bodies in the same region do, whether this
//! body's notices state it, and a few peers' words. Counts and quotes only: nothing is
//! graded or scored. Also the short list of peers offered for comparing side by side.

use serde::Serialize;

use crate::cache::KeyBuilder;
use crate::derive::compare::{Comparison, ElementLinks, FactView, OrgRef, SideColumn};
use crate::facts::Facet;

/// Peers offered to compare side by side, and peers quoted per element.
pub const PEERS_LISTED: usize = 4;
pub const QUOTES_PER_ELEMENT: usize = 3;
/// This body's own values shown per element on the report; the rest are counted.
pub const OWN_VALUES: usize = 5;
/// Values per element in a side-by-side column.
pub const SIDE_VALUES: usize = 15;

/// A group of bodies and how many of them state an element.
#[derive(Debug, Clone, Serialize)]
pub struct GroupCount {
    pub stated: usize,
    pub total: usize,
}

/// A peer's words for an element.
#[derive(Debug, Clone, Serialize)]
pub struct PeerQuote {
    pub org: OrgRef,
    pub fact: FactView,
}

/// One element of the report.
#[derive(Debug, Clone, Serialize)]
pub struct PeerRow {
    pub id: &'static str,
    pub slug: String,
    pub label: &'static str,
    /// The element's page, filtered to this body's kind.
    pub element_url: String,
    pub stated: bool,
    pub own: Vec<FactView>,
    pub own_more: usize,
    pub kind: GroupCount,
    /// `None` when the body has no region.
    pub region: Option<GroupCount>,
    pub quotes: Vec<PeerQuote>,
}

/// A peer to compare with, and the page that does.
#[derive(Debug, Clone, Serialize)]
pub struct Peer {
    pub org: OrgRef,
    pub same_region: bool,
    /// `orgs/<org>/compare/<peer>/`.
    pub url: String,
}

/// The report for one body.
#[derive(Debug, Clone, Serialize)]
pub struct PeerReport {
    pub org: OrgRef,
    pub url: String,
    pub rows: Vec<PeerRow>,
    /// Elements its notices state, of all elements.
    pub stated: usize,
    pub peers: Vec<Peer>,
}

/// `orgs/<org>/peers/`.
pub fn report_url(org_url: &str) -> String {
    format!("{org_url}peers/")
}

/// `orgs/<org>/compare/<peer>/`.
pub fn pair_url(org_url: &str, peer_slug: &str) -> String {
    format!("{org_url}compare/{peer_slug}/")
}

impl Comparison<'_> {
    /// Bodies of the same kind as `o` (not `o`), those in its region first, each group in
    /// name order.
    pub fn peers_of(&self, o: usize) -> Vec<usize> {
        let orgs = &self.site.orgs;
        let me = &orgs[o];
        let of_kind = self
            .by_name
            .iter()
            .copied()
            .filter(|&p| p != o && orgs[p].kind == me.kind);
        let (mut near, far): (Vec<usize>, Vec<usize>) =
            of_kind.partition(|&p| self.same_region(o, p));
        near.extend(far);
        near
    }

    /// The peer report of organisation `o`.
    pub fn peer_report(&self, o: usize) -> PeerReport {
        let orgs = &self.site.orgs;
        let me = &orgs[o];
        let peers = self.peers_of(o);
        let of_kind: Vec<usize> = (0..orgs.len())
            .filter(|&p| orgs[p].kind == me.kind)
            .collect();
        let in_region: Vec<usize> = (0..orgs.len())
            .filter(|&p| self.same_region(o, p))
            .collect();
        let rows: Vec<PeerRow> = Facet::ALL
            .iter()
            .enumerate()
            .map(|(fi, &facet)| {
                let count = |group: &[usize]| GroupCount {
                    stated: group.iter().filter(|&&p| self.states(p, fi)).count(),
                    total: group.len(),
                };
                let own = &self.stated[o][fi];
                PeerRow {
                    id: facet.id(),
                    slug: facet.slug(),
                    label: facet.label(),
                    element_url: super::listing::url(
                        &super::element_url(facet),
                        Some(me.kind.id()),
                        None,
                        1,
                    ),
                    stated: !own.is_empty(),
                    own: own
                        .iter()
                        .take(OWN_VALUES)
                        .map(|(f, _)| self.view(f))
                        .collect(),
                    own_more: own.len().saturating_sub(OWN_VALUES),
                    kind: count(&of_kind),
                    region: (!me.region_slug.is_empty()).then(|| count(&in_region)),
                    quotes: peers
                        .iter()
                        .filter_map(|&p| {
                            self.stated[p][fi].first().map(|(f, _)| PeerQuote {
                                org: OrgRef::new(&orgs[p]),
                                fact: self.view(f),
                            })
                        })
                        .take(QUOTES_PER_ELEMENT)
                        .collect(),
                }
            })
            .collect();
        PeerReport {
            org: OrgRef::new(me),
            url: report_url(&me.url),
            stated: rows.iter().filter(|r| r.stated).count(),
            rows,
            peers: self.listed_peers(o),
        }
    }

    /// The peers offered for comparing `o` side by side.
    pub fn listed_peers(&self, o: usize) -> Vec<Peer> {
        let orgs = &self.site.orgs;
        let me = &orgs[o];
        self.peers_of(o)
            .iter()
            .take(PEERS_LISTED)
            .map(|&p| Peer {
                org: OrgRef::new(&orgs[p]),
                same_region: self.same_region(o, p),
                url: pair_url(&me.url, &orgs[p].slug),
            })
            .collect()
    }

    /// Adds to `key` all that [`Comparison::peer_report`] of `o` is made from (the body's and
    /// its peers' digests, the counts of its kind and region), so that the report is made
    /// only when its page is rendered.
    pub fn peer_report_key(&self, o: usize, mut key: KeyBuilder) -> KeyBuilder {
        let orgs = &self.site.orgs;
        let me = &orgs[o];
        let peers = self.peers_of(o);
        key = key.key_part(&self.shown[o]);
        for fi in 0..Facet::ALL.len() {
            let count = |same: &dyn Fn(usize) -> bool| -> [u64; 2] {
                let group = (0..orgs.len()).filter(|&p| same(p));
                let total = group.clone().count() as u64;
                [group.filter(|&p| self.states(p, fi)).count() as u64, total]
            };
            let kind = count(&|p| orgs[p].kind == me.kind);
            let region = count(&|p| self.same_region(o, p));
            key = key.value(&[kind, region]);
            let quoted = peers
                .iter()
                .copied()
                .filter(|&p| self.states(p, fi))
                .take(QUOTES_PER_ELEMENT);
            key = self.with_shown(key, quoted).str("/");
        }
        self.listed_peers_key(o, key)
    }

    /// Adds to `key` the peers offered for comparing `o` side by side.
    pub fn listed_peers_key(&self, o: usize, mut key: KeyBuilder) -> KeyBuilder {
        for &p in self.peers_of(o).iter().take(PEERS_LISTED) {
            key = key
                .key_part(&self.shown[p])
                .bytes(&[u8::from(self.same_region(o, p))]);
        }
        key
    }

    /// Whether `p` is in `o`'s region (never when `o` has none).
    fn same_region(&self, o: usize, p: usize) -> bool {
        let orgs = &self.site.orgs;
        !orgs[o].region_slug.is_empty() && orgs[p].region_slug == orgs[o].region_slug
    }

    /// A column of a side-by-side table: organisation `o`'s values for every element.
    pub fn side_column(&self, o: usize) -> SideColumn {
        SideColumn {
            org: OrgRef::new(&self.site.orgs[o]),
            elements: Facet::ALL
                .iter()
                .enumerate()
                .map(|(fi, &facet)| {
                    let stated = &self.stated[o][fi];
                    ElementLinks {
                        slug: facet.slug(),
                        facts: stated
                            .iter()
                            .take(SIDE_VALUES)
                            .map(|(f, _)| self.link(f))
                            .collect(),
                        more: stated.len().saturating_sub(SIDE_VALUES),
                    }
                })
                .collect(),
        }
    }
}
