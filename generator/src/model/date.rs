//! Calendar dates: `retrieved`, `last_updated`, `imported` and dates stated in notices. One
//! type for all of them, written and read as `YYYY-MM-DD`, on top of the `time` crate.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day, without time or zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// 1 January 1970.
    pub const EPOCH: Date = Date(time::OffsetDateTime::UNIX_EPOCH.date());

    /// The day with this year, month (1–12) and day of month, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
        time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?)
            .ok()
            .map(Date)
    }

    /// `YYYY-MM-DD` naming a real day; nothing else.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
            return None;
        }
        if !digits(5..7) || !digits(8..10) {
            return None;
        }
        Date::from_ymd(
            text[0..4].parse().ok()?,
            text[5..7].parse().ok()?,
            text[8..10].parse().ok()?,
        )
    }

    /// A TOML date; `None` for a date with a time or offset, or a time alone.
    pub fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        match (&value.date, &value.time, &value.offset) {
            (Some(d), None, None) => {
                Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => None,
        }
    }

    /// Today in UTC.
    pub fn today() -> Date {
        Date(time::OffsetDateTime::now_utc().date())
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// `6 September 2023`, the way GOV.UK writes dates.
    pub fn long(self) -> String {
        let month = MONTHS[usize::from(u8::from(self.0.month())) - 1];
        format!("{} {month} {}", self.0.day(), self.0.year())
    }

    /// Midnight UTC of this day in RFC 3339, as Atom feeds want it.
    pub fn rfc3339(self) -> String {
        format!("{self}T00:00:00Z")
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            u8::from(self.0.month()),
            self.0.day()
        )
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a date; write it as 2024-05-31")]
pub struct NotADate(pub String);

impl FromStr for Date {
    type Err = NotADate;

    fn from_str(s: &str) -> Result<Date, NotADate> {
        Date::parse(s).ok_or_else(|| NotADate(s.to_string()))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_days() {
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("2023-1-01").is_none());
        assert!(Date::parse("2023-01-01T00:00").is_none());
        assert!(Date::parse("２０２３-01-01").is_none());
        assert!(Date::parse("").is_none());
        assert!("31/05/2024".parse::<Date>().is_err());
    }

    #[test]
    fn written_out_and_for_feeds() {
        let d = Date::parse("2023-09-06").unwrap();
        assert_eq!(d.long(), "6 September 2023");
        assert_eq!(d.rfc3339(), "2023-09-06T00:00:00Z");
        assert_eq!(Date::EPOCH.to_string(), "1970-01-01");
    }

    #[test]
    fn from_toml_dates_without_time() {
        let v: toml::Value = toml::from_str("a = 2024-05-31\nb = 2024-05-31T10:00:00").unwrap();
        let date = |k: &str| match &v[k] {
            toml::Value::Datetime(d) => Date::from_toml(d),
            _ => None,
        };
        assert_eq!(date("a"), Date::parse("2024-05-31"));
        assert_eq!(date("b"), None);
    }

    #[test]
    fn orders_and_serialises_as_text() {
        let a = Date::parse("2023-09-06").unwrap();
        let b = Date::parse("2024-01-01").unwrap();
        assert!(a < b);
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"2023-09-06\"");
        assert!(Date::today() > a);
    }
}
