//! The formats of an organisation's codes: GSS (ONS), ODS (NHS) and ICO registration.

use super::shown;
use crate::model::reference::{OrgKind, GSS_PREFIXES};

/// Why a GSS code is wrong for an organisation of this kind, if it is.
pub fn gss_problem(code: &str, kind: OrgKind) -> Option<String> {
    let shape = code.len() == 9
        && code.as_bytes()[0].is_ascii_uppercase()
        && code[1..].bytes().all(|b| b.is_ascii_digit());
    if !shape {
        return Some(format!("gss {:?} is not a GSS code", shown(code)));
    }
    let prefix = &code[..3];
    let Some((_, what)) = GSS_PREFIXES.iter().find(|(p, _)| *p == prefix) else {
        return Some(format!(
            "gss {code:?} has prefix {prefix}, which no organisation on the site can have (known: {})",
            GSS_PREFIXES.iter().map(|(p, _)| *p).collect::<Vec<_>>().join(", ")
        ));
    };
    let fits = match kind {
        OrgKind::Council => matches!(
            prefix,
            "E06" | "E07" | "E08" | "E09" | "E10" | "W06" | "S12" | "N09"
        ),
        OrgKind::Icb => matches!(prefix, "E54" | "E38"),
        OrgKind::NhsTrust => false,
        OrgKind::Other => true,
    };
    if fits {
        None
    } else if kind == OrgKind::NhsTrust {
        Some(format!(
            "gss {code:?} names a {what}; NHS trusts have no GSS code (use ods)"
        ))
    } else {
        let kind = match kind {
            OrgKind::Council => "a council",
            _ => "an integrated care board",
        };
        Some(format!("gss {code:?} names a {what}, not {kind}"))
    }
}

/// Why an ODS code is wrong for an organisation of this kind, if it is.
pub fn ods_problem(code: &str, kind: OrgKind) -> Option<String> {
    let shape = (3..=6).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !shape {
        return Some(format!("ods {:?} is not an ODS code", shown(code)));
    }
    match kind {
        OrgKind::Icb if !(code.len() == 3 && code.starts_with('Q')) => Some(format!(
            "ods {code:?} is not an ICB code (ICBs have 3-character codes starting with Q)"
        )),
        OrgKind::NhsTrust if !(code.len() == 3 && code.starts_with(['R', 'T'])) => Some(format!(
            "ods {code:?} is not an NHS trust code (trusts have 3-character codes starting with R or T)"
        )),
        _ => None,
    }
}

/// `Z`, a letter or digit, six digits.
pub fn is_ico_registration(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 8
        && b[0] == b'Z'
        && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
        && b[2..].iter().all(u8::is_ascii_digit)
}
