//! Validation behind each PII rule: a match is only reported when its content is plausible
//! (a Luhn-valid card number with a card network's prefix, an SSN outside the never-issued
//! ranges, a phone number with a valid length and area code…).

use std::net::{Ipv4Addr, Ipv6Addr};

pub fn digits(s: &str) -> Vec<u32> {
    s.chars().filter_map(|c| c.to_digit(10)).collect()
}

/// The Luhn (mod 10) checksum of card numbers.
pub fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// 13–19 digits, Luhn-valid, starting like a card network's numbers (Visa, Mastercard, Amex,
/// Discover, JCB, Diners, UnionPay, Maestro).
pub fn card_number(text: &str) -> bool {
    let d = digits(text);
    if !(13..=19).contains(&d.len()) || !luhn(&d) {
        return false;
    }
    let prefix = |n: usize| d.iter().take(n).fold(0u32, |acc, x| acc * 10 + x);
    let network = match d[0] {
        4 => true,
        2 => (2221..=2720).contains(&prefix(4)),
        3 => (34..=39).contains(&prefix(2)) || (300..=305).contains(&prefix(3)),
        5 => (50..=59).contains(&prefix(2)),
        6 => prefix(4) == 6011 || matches!(prefix(2), 62 | 63 | 65 | 67) || (644..=649).contains(&prefix(3)),
        _ => false,
    };
    // Separators, when present, must be single spaces or dashes between digit groups.
    network && !text.contains("  ") && !text.contains("--")
}

/// A US Social Security number: area not 000, 666 or 9xx; group not 00; serial not 0000.
pub fn ssn(text: &str) -> bool {
    let d = digits(text);
    if d.len() != 9 {
        return false;
    }
    let area = d[0] * 100 + d[1] * 10 + d[2];
    let group = d[3] * 10 + d[4];
    let serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

/// Dotted-quad IPv4 without leading zeros, or any IPv6 form `std` parses.
pub fn ip_address(text: &str) -> bool {
    if text.contains(':') {
        return text.parse::<Ipv6Addr>().is_ok();
    }
    text.parse::<Ipv4Addr>().is_ok() && text.split('.').all(|part| part == "0" || !part.starts_with('0'))
}

fn domain(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let Some(tld) = labels.last() else { return false };
    labels.len() >= 2
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_alphabetic())
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// `local@domain` with a sensible local part and a domain of valid labels and a letter TLD.
pub fn email(text: &str) -> bool {
    let Some((local, host)) = text.rsplit_once('@') else { return false };
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && domain(host)
}

/// An http(s) or www URL whose host is a valid domain, an IP address or localhost.
pub fn url(text: &str) -> bool {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")).unwrap_or(text);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => host_port,
    };
    host == "localhost" || ip_address(host) || domain(host)
}

/// A phone number: 10 digits for the North American plan (area code and exchange not starting
/// with 0 or 1), or 8 to 15 digits in international form (`+` and a country code).
pub fn phone(text: &str) -> bool {
    let d = digits(text);
    if text.trim_start().starts_with('+') {
        return (8..=15).contains(&d.len()) && d[0] != 0;
    }
    let national = match d.len() {
        10 => &d[..],
        11 if d[0] == 1 => &d[1..],
        _ => return false,
    };
    national[0] >= 2 && national[3] >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_need_luhn_and_a_network() {
        assert!(card_number("4111 1111 1111 1111"));
        assert!(card_number("5500-0000-0000-0004"));
        assert!(card_number("378282246310005"));
        assert!(!card_number("4111 1111 1111 1112"), "Luhn fails");
        assert!(!card_number("1234 5678 9012 3452"), "no network starts with 1");
    }

    #[test]
    fn ssn_ip_email_url_phone() {
        assert!(ssn("123-45-6789"));
        assert!(!ssn("666-45-6789") && !ssn("000-12-3456") && !ssn("912-34-5678") && !ssn("123-00-6789"));
        assert!(ip_address("192.168.1.20") && ip_address("2001:db8::8a2e:370:7334"));
        assert!(!ip_address("256.1.1.1") && !ip_address("01.2.3.4"));
        assert!(email("jane.doe@example.co.uk") && !email("a..b@example.com") && !email("x@localhost"));
        assert!(url("https://example.com/a?b=1") && url("http://10.0.0.1:8080/x") && !url("http://nodot"));
        assert!(phone("(206) 555-0142") && phone("+44 20 7946 0958") && phone("1-800-555-0199"));
        assert!(!phone("123-456-7890"), "area codes never start with 1");
    }
}
