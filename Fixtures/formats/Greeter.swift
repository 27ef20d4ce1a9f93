/// Greets people; the chairman opens the meeting.
struct Greeter {
    let title = "chairman"
    // `chairman` in backticks is code.
}
