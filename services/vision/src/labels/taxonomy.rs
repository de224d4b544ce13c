//! Our own small taxonomy over the 80 COCO classes, in the spirit of Rekognition's: each class's
//! label name (Title Case, as Rekognition writes it), its parents (nearest first) and category.

/// One COCO class as a Rekognition-style label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelInfo {
    pub name: &'static str,
    pub parents: &'static [&'static str],
    pub category: &'static str,
}

const PETS: &str = "Animals and Pets";
const VEHICLES: &str = "Vehicles and Automotive";
const FOOD: &str = "Food and Beverage";
const HOME: &str = "Home and Indoors";
const SPORTS: &str = "Sports";
const TECH: &str = "Technology and Computing";
const CITY: &str = "Buildings and Architecture";
const ACCESSORIES: &str = "Apparel and Accessories";
const TOOLS: &str = "Tools and Machinery";
const PEOPLE: &str = "Person Description";

/// Indexed by COCO class name (as in `coco.names`).
const TABLE: &[(&str, LabelInfo)] = &[
    ("person", LabelInfo { name: "Person", parents: &[], category: PEOPLE }),
    ("bicycle", LabelInfo { name: "Bicycle", parents: &["Vehicle", "Transportation"], category: VEHICLES }),
    ("car", LabelInfo { name: "Car", parents: &["Vehicle", "Transportation"], category: VEHICLES }),
    ("motorcycle", LabelInfo { name: "Motorcycle", parents: &["Vehicle", "Transportation"], category: VEHICLES }),
    (
        "airplane",
        LabelInfo { name: "Airplane", parents: &["Aircraft", "Vehicle", "Transportation"], category: VEHICLES },
    ),
    ("bus", LabelInfo { name: "Bus", parents: &["Vehicle", "Transportation"], category: VEHICLES }),
    ("train", LabelInfo { name: "Train", parents: &["Vehicle", "Transportation"], category: VEHICLES }),
    ("truck", LabelInfo { name: "Truck", parents: &["Vehicle", "Transportation"], category: VEHICLES }),
    ("boat", LabelInfo { name: "Boat", parents: &["Watercraft", "Vehicle", "Transportation"], category: VEHICLES }),
    ("traffic light", LabelInfo { name: "Traffic Light", parents: &["Light"], category: CITY }),
    ("fire hydrant", LabelInfo { name: "Fire Hydrant", parents: &["Hydrant"], category: CITY }),
    ("stop sign", LabelInfo { name: "Stop Sign", parents: &["Road Sign", "Sign", "Symbol"], category: CITY }),
    ("parking meter", LabelInfo { name: "Parking Meter", parents: &[], category: CITY }),
    ("bench", LabelInfo { name: "Bench", parents: &["Furniture"], category: HOME }),
    ("bird", LabelInfo { name: "Bird", parents: &["Animal"], category: PETS }),
    ("cat", LabelInfo { name: "Cat", parents: &["Pet", "Mammal", "Animal"], category: PETS }),
    ("dog", LabelInfo { name: "Dog", parents: &["Pet", "Canine", "Mammal", "Animal"], category: PETS }),
    ("horse", LabelInfo { name: "Horse", parents: &["Mammal", "Animal"], category: PETS }),
    ("sheep", LabelInfo { name: "Sheep", parents: &["Livestock", "Mammal", "Animal"], category: PETS }),
    ("cow", LabelInfo { name: "Cow", parents: &["Cattle", "Livestock", "Mammal", "Animal"], category: PETS }),
    ("elephant", LabelInfo { name: "Elephant", parents: &["Wildlife", "Mammal", "Animal"], category: PETS }),
    ("bear", LabelInfo { name: "Bear", parents: &["Wildlife", "Mammal", "Animal"], category: PETS }),
    ("zebra", LabelInfo { name: "Zebra", parents: &["Wildlife", "Mammal", "Animal"], category: PETS }),
    ("giraffe", LabelInfo { name: "Giraffe", parents: &["Wildlife", "Mammal", "Animal"], category: PETS }),
    ("backpack", LabelInfo { name: "Backpack", parents: &["Bag", "Accessories"], category: ACCESSORIES }),
    ("umbrella", LabelInfo { name: "Umbrella", parents: &["Canopy"], category: ACCESSORIES }),
    ("handbag", LabelInfo { name: "Handbag", parents: &["Bag", "Accessories"], category: ACCESSORIES }),
    ("tie", LabelInfo { name: "Tie", parents: &["Accessories", "Formal Wear", "Clothing"], category: ACCESSORIES }),
    ("suitcase", LabelInfo { name: "Suitcase", parents: &["Luggage", "Bag"], category: ACCESSORIES }),
    ("frisbee", LabelInfo { name: "Frisbee", parents: &["Toy"], category: SPORTS }),
    ("skis", LabelInfo { name: "Skis", parents: &["Sports Equipment"], category: SPORTS }),
    ("snowboard", LabelInfo { name: "Snowboard", parents: &["Sports Equipment"], category: SPORTS }),
    ("sports ball", LabelInfo { name: "Ball", parents: &["Sports Equipment"], category: SPORTS }),
    ("kite", LabelInfo { name: "Kite", parents: &["Toy"], category: SPORTS }),
    ("baseball bat", LabelInfo { name: "Baseball Bat", parents: &["Sports Equipment"], category: SPORTS }),
    ("baseball glove", LabelInfo { name: "Baseball Glove", parents: &["Glove", "Sports Equipment"], category: SPORTS }),
    ("skateboard", LabelInfo { name: "Skateboard", parents: &["Sports Equipment"], category: SPORTS }),
    ("surfboard", LabelInfo { name: "Surfboard", parents: &["Sports Equipment"], category: SPORTS }),
    ("tennis racket", LabelInfo { name: "Tennis Racket", parents: &["Racket", "Sports Equipment"], category: SPORTS }),
    ("bottle", LabelInfo { name: "Bottle", parents: &["Container"], category: FOOD }),
    ("wine glass", LabelInfo { name: "Wine Glass", parents: &["Glass", "Tableware"], category: FOOD }),
    ("cup", LabelInfo { name: "Cup", parents: &["Tableware"], category: FOOD }),
    ("fork", LabelInfo { name: "Fork", parents: &["Cutlery", "Tableware"], category: FOOD }),
    ("knife", LabelInfo { name: "Knife", parents: &["Cutlery", "Weapon"], category: FOOD }),
    ("spoon", LabelInfo { name: "Spoon", parents: &["Cutlery", "Tableware"], category: FOOD }),
    ("bowl", LabelInfo { name: "Bowl", parents: &["Tableware"], category: FOOD }),
    ("banana", LabelInfo { name: "Banana", parents: &["Fruit", "Produce", "Food"], category: FOOD }),
    ("apple", LabelInfo { name: "Apple", parents: &["Fruit", "Produce", "Food"], category: FOOD }),
    ("sandwich", LabelInfo { name: "Sandwich", parents: &["Food"], category: FOOD }),
    ("orange", LabelInfo { name: "Orange", parents: &["Citrus Fruit", "Fruit", "Produce", "Food"], category: FOOD }),
    ("broccoli", LabelInfo { name: "Broccoli", parents: &["Vegetable", "Produce", "Food"], category: FOOD }),
    ("carrot", LabelInfo { name: "Carrot", parents: &["Vegetable", "Produce", "Food"], category: FOOD }),
    ("hot dog", LabelInfo { name: "Hot Dog", parents: &["Fast Food", "Food"], category: FOOD }),
    ("pizza", LabelInfo { name: "Pizza", parents: &["Fast Food", "Food"], category: FOOD }),
    ("donut", LabelInfo { name: "Donut", parents: &["Pastry", "Dessert", "Food"], category: FOOD }),
    ("cake", LabelInfo { name: "Cake", parents: &["Dessert", "Food"], category: FOOD }),
    ("chair", LabelInfo { name: "Chair", parents: &["Furniture"], category: HOME }),
    ("couch", LabelInfo { name: "Couch", parents: &["Furniture"], category: HOME }),
    ("potted plant", LabelInfo { name: "Potted Plant", parents: &["Plant"], category: HOME }),
    ("bed", LabelInfo { name: "Bed", parents: &["Furniture"], category: HOME }),
    ("dining table", LabelInfo { name: "Dining Table", parents: &["Table", "Furniture"], category: HOME }),
    ("toilet", LabelInfo { name: "Toilet", parents: &["Bathroom"], category: HOME }),
    ("tv", LabelInfo { name: "TV", parents: &["Screen", "Electronics"], category: TECH }),
    ("laptop", LabelInfo { name: "Laptop", parents: &["Computer", "Electronics"], category: TECH }),
    ("mouse", LabelInfo { name: "Computer Mouse", parents: &["Computer Hardware", "Electronics"], category: TECH }),
    ("remote", LabelInfo { name: "Remote Control", parents: &["Electronics"], category: TECH }),
    (
        "keyboard",
        LabelInfo { name: "Computer Keyboard", parents: &["Computer Hardware", "Electronics"], category: TECH },
    ),
    ("cell phone", LabelInfo { name: "Mobile Phone", parents: &["Phone", "Electronics"], category: TECH }),
    ("microwave", LabelInfo { name: "Microwave", parents: &["Appliance"], category: HOME }),
    ("oven", LabelInfo { name: "Oven", parents: &["Appliance"], category: HOME }),
    ("toaster", LabelInfo { name: "Toaster", parents: &["Appliance"], category: HOME }),
    ("sink", LabelInfo { name: "Sink", parents: &["Sink Faucet"], category: HOME }),
    ("refrigerator", LabelInfo { name: "Refrigerator", parents: &["Appliance"], category: HOME }),
    ("book", LabelInfo { name: "Book", parents: &["Publication"], category: HOME }),
    ("clock", LabelInfo { name: "Clock", parents: &[], category: HOME }),
    ("vase", LabelInfo { name: "Vase", parents: &["Pottery", "Jar"], category: HOME }),
    ("scissors", LabelInfo { name: "Scissors", parents: &["Blade", "Weapon"], category: TOOLS }),
    ("teddy bear", LabelInfo { name: "Teddy Bear", parents: &["Toy"], category: HOME }),
    ("hair drier", LabelInfo { name: "Hair Dryer", parents: &["Appliance"], category: HOME }),
    ("toothbrush", LabelInfo { name: "Toothbrush", parents: &["Tool"], category: HOME }),
];

/// The label for a COCO class name, if it is one of the 80.
pub fn label_for(coco_name: &str) -> Option<LabelInfo> {
    TABLE.iter().find(|(name, _)| *name == coco_name).map(|(_, info)| *info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_coco_class_has_a_label() {
        assert_eq!(TABLE.len(), 80);
        assert_eq!(label_for("cat").map(|l| l.parents), Some(&["Pet", "Mammal", "Animal"][..]));
        assert_eq!(label_for("dining table").map(|l| l.name), Some("Dining Table"));
        assert_eq!(label_for("no such thing"), None);
    }
}
