"""Names and expected wire values of the sample programme built by the `programme` fixture."""

BASE_URL = "https://events.example.org"
TITLE = "Ünïcode <b>bold</b> & \"quotes\" 'single' 🎉"
ROOM = "Hall <1> & \"A\" 'west' 🏛"
SMALL_ROOM = "Small 🎈"
HIDDEN_ROOM = "Backstage"
TRACK = "Web & <Mobile> 📱"
SPEAKER = "Ada <Lovelace> & \"Co\" 'x' 🚀"

# name -> (local day, local start, duration, room, track) as Pentabarf and schedule.json show them
EXPECTED = {
    "open": ("2027-03-26", "10:00", "01:00", ROOM, TRACK),
    "bare": ("2027-03-26", "14:00", "00:45", "TBA", "General"),
    "gone_room": ("2027-03-26", "16:00", "00:30", "TBA", "General"),
    "hidden_room": ("2027-03-27", "11:00", "00:30", HIDDEN_ROOM, "General"),
    "gone_track": ("2027-03-27", "12:00", "01:00", SMALL_ROOM, "General"),
    "midnight": ("2027-03-28", "00:30", "00:45", SMALL_ROOM, "General"),
    "dst": ("2027-03-28", "01:30", "01:00", ROOM, "General"),
    "summer": ("2027-03-28", "10:00", "01:30", SMALL_ROOM, TRACK),
}
DAYS = ["2027-03-26", "2027-03-27", "2027-03-28"]
# rooms of each day in room-position order, the room without a name ("TBA") last
DAY_ROOMS = {
    "2027-03-26": [ROOM, "TBA"],
    "2027-03-27": [SMALL_ROOM, HIDDEN_ROOM],
    "2027-03-28": [SMALL_ROOM, ROOM],
}
