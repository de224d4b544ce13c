//! SSML (`TextType` `ssml`) into a script, with quick-xml. Supported: `<speak>`, `<break time
//! strength>`, `<prosody rate>`, `<p>`, `<s>`, `<say-as interpret-as="characters|spell-out">`,
//! `<mark name>`. Polly's other tags (`emphasis`, `lang`, `phoneme`, `sub`, `w`, `amazon:*`) are
//! accepted and their text is spoken plainly. Anything else, or XML that is not well formed,
//! is an InvalidSsmlException.

use crate::synthesis::script::{Item, ScriptBuilder, Style};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// Tags Polly knows that aigate reads as plain text.
const PLAIN_TAGS: &[&str] = &[
    "emphasis",
    "lang",
    "phoneme",
    "sub",
    "w",
    "amazon:effect",
    "amazon:domain",
    "amazon:breath",
    "amazon:auto-breaths",
];
/// Polly's longest break.
const MAX_BREAK_MS: u32 = 10_000;

/// Why the SSML was refused (the message of an InvalidSsmlException).
#[derive(Debug, PartialEq)]
pub struct SsmlError(pub String);

pub fn parse(ssml: &str) -> Result<Vec<Item>, SsmlError> {
    let mut reader = Reader::from_str(ssml);
    reader.config_mut().trim_text(false);
    let mut builder = ScriptBuilder::default();
    let mut styles: Vec<Style> = Vec::new();
    let mut open: Vec<String> = Vec::new();
    let mut spoke = false;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| SsmlError(format!("the SSML is not well formed: {e}")))?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(tag) => {
                let name = tag_name(&tag)?;
                check_place(&name, &open, spoke)?;
                let style = styles.last().copied().unwrap_or_default();
                styles.push(start_tag(&name, &tag, style, &mut builder, before..after)?);
                open.push(name);
            }
            Event::Empty(tag) => {
                let name = tag_name(&tag)?;
                check_place(&name, &open, spoke)?;
                let style = styles.last().copied().unwrap_or_default();
                start_tag(&name, &tag, style, &mut builder, before..after)?;
                end_tag(&name, &mut builder);
                spoke |= name == "speak";
            }
            Event::End(tag) => {
                let name = String::from_utf8_lossy(tag.name().as_ref()).into_owned();
                open.pop();
                styles.pop();
                end_tag(&name, &mut builder);
                spoke |= name == "speak";
            }
            Event::Text(text) => {
                let raw = std::str::from_utf8(&text).map_err(|e| SsmlError(e.to_string()))?;
                if open.is_empty() && !raw.trim().is_empty() {
                    return Err(SsmlError("text outside <speak>".into()));
                }
                let (decoded, map) = decode(raw, before)?;
                let style = styles.last().copied().unwrap_or_default();
                builder.text(&decoded, &|i| map.get(i).copied().unwrap_or(after), style);
            }
            Event::CData(text) => {
                let raw = std::str::from_utf8(&text).map_err(|e| SsmlError(e.to_string()))?.to_string();
                let start = before + "<![CDATA[".len();
                let style = styles.last().copied().unwrap_or_default();
                builder.text(&raw, &|i| start + i, style);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !open.is_empty() {
        return Err(SsmlError(format!("<{}> is not closed", open.join("> <"))));
    }
    if !spoke {
        return Err(SsmlError("the SSML must be one <speak> element".into()));
    }
    Ok(builder.finish())
}

fn tag_name(tag: &BytesStart) -> Result<String, SsmlError> {
    Ok(String::from_utf8_lossy(tag.name().as_ref()).into_owned())
}

fn check_place(name: &str, open: &[String], spoke: bool) -> Result<(), SsmlError> {
    match (name, open.is_empty()) {
        ("speak", true) if !spoke => Ok(()),
        ("speak", _) => Err(SsmlError("<speak> must be the one root element".into())),
        (_, true) => Err(SsmlError(format!("<{name}> is outside <speak>"))),
        _ => Ok(()),
    }
}

fn attribute(tag: &BytesStart, name: &str) -> Result<Option<String>, SsmlError> {
    match tag.try_get_attribute(name) {
        Ok(Some(value)) => value
            .unescape_value()
            .map(|v| Some(v.into_owned()))
            .map_err(|e| SsmlError(format!("attribute {name}: {e}"))),
        Ok(None) => Ok(None),
        Err(e) => Err(SsmlError(format!("bad attributes: {e}"))),
    }
}

/// Applies an opening tag; returns the style of its content.
fn start_tag(
    name: &str,
    tag: &BytesStart,
    style: Style,
    builder: &mut ScriptBuilder,
    span: std::ops::Range<usize>,
) -> Result<Style, SsmlError> {
    match name {
        "speak" => Ok(style),
        "p" | "s" => {
            builder.end_sentence();
            Ok(style)
        }
        "break" => {
            builder.pause(break_ms(attribute(tag, "time")?, attribute(tag, "strength")?)?);
            Ok(style)
        }
        "prosody" => match attribute(tag, "rate")? {
            Some(rate) => Ok(Style { rate: style.rate * parse_rate(&rate)?, ..style }),
            None => Ok(style),
        },
        "say-as" => {
            let how = attribute(tag, "interpret-as")?.unwrap_or_default();
            Ok(Style { spell_out: style.spell_out || matches!(how.as_str(), "characters" | "spell-out"), ..style })
        }
        "mark" => {
            let mark = attribute(tag, "name")?.ok_or_else(|| SsmlError("<mark> needs a name".into()))?;
            builder.mark(mark, span.start, span.end);
            Ok(style)
        }
        other if PLAIN_TAGS.contains(&other) => Ok(style),
        other => Err(SsmlError(format!("<{other}> is not a supported SSML tag"))),
    }
}

fn end_tag(name: &str, builder: &mut ScriptBuilder) {
    if matches!(name, "p" | "s") {
        builder.end_sentence();
    }
}

/// `<break time="500ms"|"2s" strength="…">`, in milliseconds.
fn break_ms(time: Option<String>, strength: Option<String>) -> Result<u32, SsmlError> {
    if let Some(time) = time {
        let bad = || SsmlError(format!("<break time=\"{time}\"> must be like 500ms or 2s"));
        let (number, scale) = if let Some(ms) = time.strip_suffix("ms") {
            (ms, 1.0)
        } else if let Some(s) = time.strip_suffix('s') {
            (s, 1000.0)
        } else {
            return Err(bad());
        };
        let value: f64 = number.trim().parse().map_err(|_| bad())?;
        if !value.is_finite() || value < 0.0 {
            return Err(bad());
        }
        return Ok(((value * scale).round() as u32).min(MAX_BREAK_MS));
    }
    match strength.as_deref().unwrap_or("medium") {
        "none" => Ok(0),
        "x-weak" => Ok(100),
        "weak" => Ok(250),
        "medium" => Ok(400),
        "strong" => Ok(750),
        "x-strong" => Ok(1200),
        other => Err(SsmlError(format!("<break strength=\"{other}\"> is not a strength"))),
    }
}

/// `<prosody rate>`: x-slow … x-fast, or a percentage of the normal rate (20% to 200%).
fn parse_rate(rate: &str) -> Result<f32, SsmlError> {
    match rate {
        "x-slow" => Ok(0.6),
        "slow" => Ok(0.8),
        "medium" => Ok(1.0),
        "fast" => Ok(1.25),
        "x-fast" => Ok(1.6),
        other => other
            .strip_suffix('%')
            .and_then(|n| n.trim().parse::<f32>().ok())
            .filter(|p| (20.0..=200.0).contains(p))
            .map(|p| p / 100.0)
            .ok_or_else(|| SsmlError(format!("<prosody rate=\"{other}\"> must be x-slow … x-fast or 20% to 200%"))),
    }
}

/// Decodes XML entities in `raw` (which starts at byte `offset` of the input); also returns,
/// for each byte of the decoded text and its end, the byte offset in the input.
fn decode(raw: &str, offset: usize) -> Result<(String, Vec<usize>), SsmlError> {
    let mut text = String::with_capacity(raw.len());
    let mut map = Vec::with_capacity(raw.len() + 1);
    let mut rest = raw.char_indices();
    while let Some((i, c)) = rest.next() {
        let decoded = if c == '&' {
            let end = raw[i..].find(';').ok_or_else(|| SsmlError("an & that starts no entity".into()))?;
            let entity = &raw[i + 1..i + end];
            for _ in 0..end {
                rest.next();
            }
            entity_char(entity).ok_or_else(|| SsmlError(format!("unknown entity &{entity};")))?
        } else {
            c
        };
        map.extend(std::iter::repeat_n(offset + i, decoded.len_utf8()));
        text.push(decoded);
    }
    map.push(offset + raw.len());
    Ok((text, map))
}

fn entity_char(entity: &str) -> Option<char> {
    match entity {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let code = if let Some(hex) = entity.strip_prefix("#x") {
                u32::from_str_radix(hex, 16).ok()?
            } else {
                entity.strip_prefix('#')?.parse().ok()?
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthesis::script::{Sentence, words};

    fn sentences(items: &[Item]) -> Vec<&Sentence> {
        items.iter().filter_map(|i| if let Item::Sentence(s) = i { Some(s) } else { None }).collect()
    }

    #[test]
    fn tags_give_sentences_pauses_rates_and_spelling() {
        let ssml = r#"<speak><p><s>Hello &amp; welcome</s><s>Say <say-as interpret-as="characters">abc</say-as> now</s></p><break time="1.5s"/><prosody rate="50%">Slow words.</prosody><mark name="end"/></speak>"#;
        let items = parse(ssml).expect("valid");
        assert_eq!(sentences(&items).len(), 3);
        let all: Vec<_> = words(&items).collect();
        assert_eq!(all[1].value, "&");
        assert_eq!(&ssml[all[1].start..all[1].end], "&amp;");
        let abc = all.iter().find(|w| w.value == "abc").expect("abc");
        assert!(abc.spell_out && &ssml[abc.start..abc.end] == "abc");
        assert!(items.contains(&Item::Pause(1500)));
        assert_eq!(sentences(&items)[2].clauses[0].rate, 0.5);
        let Some(Item::Mark { name, start, end }) = items.last() else { panic!("mark last") };
        assert_eq!((name.as_str(), &ssml[*start..*end]), ("end", r#"<mark name="end"/>"#));
    }

    #[test]
    fn bad_ssml_is_refused_with_a_reason() {
        for bad in [
            "Hello",
            "<speak>Hello",
            "<speak><s>Hello</p></speak>",
            "<speak><blink>Hi</blink></speak>",
            "<speak><break time=\"soon\"/></speak>",
            "<speak><prosody rate=\"900%\">Hi</prosody></speak>",
            "<speak>Tom &nbsp; Jerry</speak>",
            "<speak>a</speak><speak>b</speak>",
            "text <speak>a</speak>",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
