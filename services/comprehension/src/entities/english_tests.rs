//! The English engine on the real gazetteers.

use crate::api::EntityType;
use crate::entities::english::EnglishEngine;
use crate::entities::gazetteer::Gazetteer;
use crate::test_models::model_dir;
use std::sync::OnceLock;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::load(&model_dir().join(crate::SERVICE_NAME)).expect("gazetteers load"))
}

fn entities(text: &str) -> Vec<(String, EntityType)> {
    EnglishEngine::new(gazetteer()).find(text).into_iter().map(|f| (text[f.begin..f.end].to_string(), f.kind)).collect()
}

fn has(found: &[(String, EntityType)], text: &str, kind: EntityType) -> bool {
    found.iter().any(|(t, k)| t == text && *k == kind)
}

#[test]
fn people_places_organisations_dates_quantities() {
    let found = entities("Jeff Bezos founded Amazon in Seattle on July 5, 1994 with $10,000 from his parents.");
    assert!(has(&found, "Jeff Bezos", EntityType::Person), "{found:?}");
    assert!(has(&found, "Seattle", EntityType::Location), "{found:?}");
    assert!(has(&found, "July 5, 1994", EntityType::Date), "{found:?}");
    assert!(has(&found, "$10,000", EntityType::Quantity), "{found:?}");

    let found = entities("Dr. Maria Garcia joined Acme Robotics Inc. after ten years at the University of Texas.");
    assert!(has(&found, "Maria Garcia", EntityType::Person), "{found:?}");
    assert!(has(&found, "Acme Robotics Inc.", EntityType::Organization), "{found:?}");
    assert!(has(&found, "the University of Texas", EntityType::Organization), "{found:?}");

    let found = entities("The 2024 Summer Olympics were held in Paris, France.");
    assert!(has(&found, "Paris", EntityType::Location) && has(&found, "France", EntityType::Location), "{found:?}");
}

#[test]
fn sentence_starts_are_not_names() {
    let found = entities("However, the weather was nice. Yesterday Germany won.");
    assert!(has(&found, "Germany", EntityType::Location), "{found:?}");
    assert!(has(&found, "Yesterday", EntityType::Date), "{found:?}");
    assert!(!found.iter().any(|(t, _)| t.contains("However")), "{found:?}");
}
