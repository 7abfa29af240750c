//! Slugs: the URL-safe names of organisations, notices, headings, regions and facet values,
//! made and checked in one place.

/// A URL fragment for a heading: lower-case words joined by hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_hyphen = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c);
        } else if c != '\'' && c != '’' {
            pending_hyphen = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// The URL fragment for a region name.
pub fn region_slug(region: &str) -> String {
    if region.trim().is_empty() {
        String::new()
    } else {
        slugify(region)
    }
}

/// A facet value's URL segment: `ukgdpr:9.2.h` → `ukgdpr-9-2-h`.
pub fn value_slug(value: &str) -> String {
    slugify(value)
}

/// A notice slug from a title: lower-case ASCII words joined by hyphens, at most 60 characters.
pub fn slug_from_title(title: &str) -> String {
    let mut slug = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        if !slug.is_empty() && slug.len() + 1 + word.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word[..word.len().min(60)]);
    }
    if slug.is_empty() {
        "notice".to_string()
    } else {
        slug
    }
}

/// Lower-case ASCII letters, digits and single hyphens, not starting or ending with one.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_for_headings() {
        assert_eq!(slugify("National Data Opt-Out"), "national-data-opt-out");
        assert_eq!(slugify("What rights do I have?"), "what-rights-do-i-have");
        assert_eq!(slugify("Children’s services"), "childrens-services");
        assert_eq!(slugify("???"), "section");
    }

    #[test]
    fn slugs_from_titles() {
        assert_eq!(
            slug_from_title("Client Level Data privacy notice"),
            "client-level-data-privacy-notice"
        );
        assert_eq!(slug_from_title("Café’s notice!"), "caf-s-notice");
        assert_eq!(slug_from_title("???"), "notice");
        assert!(slug_from_title(&"word ".repeat(40)).len() <= 60);
    }

    #[test]
    fn slugs() {
        assert!(is_slug("dudley"));
        assert!(is_slug("nhs-dorset-2"));
        assert!(!is_slug("Dudley"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug("a b"));
        assert!(!is_slug(""));
    }

    #[test]
    fn regions_and_values() {
        assert_eq!(
            region_slug("Yorkshire and The Humber"),
            "yorkshire-and-the-humber"
        );
        assert_eq!(region_slug("  "), "");
        assert_eq!(value_slug("ukgdpr:9.2.h"), "ukgdpr-9-2-h");
    }
}
