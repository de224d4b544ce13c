//! Word lists of the English entity rules: organisation, event and place suffixes, honorifics,
//! and capitalised words that never start or continue a name.

#[rustfmt::skip]
pub const ORG_SUFFIXES: &[&str] = &[
    "Inc", "Inc.", "Corp", "Corp.", "Corporation", "Ltd", "Ltd.", "LLC", "LLP", "GmbH", "AG", "SA", "S.A.", "plc",
    "PLC", "Co.", "Company", "Group", "Holdings", "Bank", "Airlines", "Airways", "Technologies", "Technology",
    "Systems", "Labs", "Laboratories", "Motors", "Pharmaceuticals", "Partners", "Capital", "Ventures", "Foundation",
    "Association", "Institute", "University", "College", "School", "Agency", "Ministry", "Department", "Council",
    "Committee", "Commission", "Party", "Union", "Federation", "Society", "Club", "Hospital", "Press", "Times",
    "Post", "Journal", "News", "Records", "Studios", "Entertainment", "Media", "Industries", "Enterprises",
    "Solutions", "Services", "Software", "Networks", "Energy", "Electric", "Insurance", "Bancorp", "Trust", "Fund",
    "Reserve", "Senate", "Congress", "Parliament", "Army", "Navy", "Police", "Court", "Church", "Museum", "Library",
    "Orchestra", "Airport", "FC", "United", "Nations", "Organization", "Organisation", "Authority", "Electronics",
    "Clinic", "Cross", "Bulls",
];

#[rustfmt::skip]
pub const ORG_HEADS: &[&str] = &[
    "University", "Bank", "Ministry", "Department", "Institute", "Museum", "Church", "Council", "Court", "Board",
    "Office", "College", "School", "House", "Academy", "Federation", "Association", "Society", "Republic",
];

#[rustfmt::skip]
pub const EVENT_SUFFIXES: &[&str] = &[
    "Olympics", "Games", "Cup", "Championship", "Championships", "Festival", "Conference", "Summit", "War", "Expo",
    "Awards", "Marathon", "Open", "Series", "Bowl", "Fair", "Week", "Revolution", "Prix",
];

/// Last words of place names ("Amazon River", "Balmoral Castle"); "Mount" and "Lake" open them.
#[rustfmt::skip]
pub const PLACE_SUFFIXES: &[&str] = &[
    "River", "Mountains", "Mountain", "Lake", "Sea", "Ocean", "Island", "Islands", "Bay", "Castle", "Bridge",
    "Tower", "Park", "Valley", "Desert", "Canyon", "Street", "Avenue", "Square", "Palace", "Cathedral", "Falls",
    "Gulf", "Peninsula", "Coast", "Beach", "Forest", "Hills", "Station", "Harbour", "Harbor", "Province", "County",
];

#[rustfmt::skip]
pub const PLACE_PREFIXES: &[&str] = &[
    "Mount", "Lake", "Cape", "Gulf", "Isle", "Port", "Fort",
];

#[rustfmt::skip]
pub const HONORIFICS: &[&str] = &[
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Prof", "Prof.", "Professor", "President", "Senator",
    "Sen.", "Rep.", "Governor", "Gov.", "Mayor", "Judge", "Justice", "King", "Queen", "Prince", "Princess", "Pope",
    "Sir", "Dame", "Lord", "Lady", "Chancellor", "Minister", "Secretary", "General", "Gen.", "Captain", "Capt.",
    "Colonel", "Col.", "Sgt.", "Officer", "Detective", "Coach", "Saint", "St.", "Rev.", "Father", "Sister",
    "Brother", "Uncle", "Aunt", "CEO", "Chairman", "Director",
];

/// Capitalised words that are never (part of) a name here: they split chunks.
#[rustfmt::skip]
pub const STOP: &[&str] = &[
    "I", "A", "An", "The", "This", "That", "These", "Those", "It", "Its", "He", "She", "We", "They", "You", "His",
    "Her", "Our", "Their", "My", "Your", "In", "On", "At", "For", "From", "To", "By", "With", "Of", "And", "But",
    "Or", "If", "When", "While", "After", "Before", "During", "Since", "As", "So", "Then", "There", "Here", "What",
    "Who", "Why", "How", "Where", "Which", "Yes", "No", "Not", "All", "Some", "Many", "Most", "Every", "Each",
    "Both", "Our", "According", "However", "Although", "Because", "Meanwhile", "Also", "Today", "Tomorrow",
    "Yesterday", "Last", "Next", "Please", "Thanks", "Thank", "Dear", "Hello", "Hi", "Monday", "Tuesday",
    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
    "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Did", "Do", "Does",
    "Is", "Are", "Was", "Were", "Will", "Would", "Can", "Could", "Should", "Let", "Let's", "OK", "Ok", "After",
    "Over", "Under", "Despite", "Through", "Into", "Than", "Even", "Just", "Only", "Now", "Still", "One", "Two",
    "Three", "First", "Second", "Third", "Mr", "Mrs", "Ms",
];
