package io.sediment.nexmark;

/**
 * A person who joined the auction site (Nexmark's {@code person}).
 *
 * @param id the person's id
 * @param name first and last name
 * @param emailAddress the e-mail address
 * @param creditCard a card number, four groups of four digits
 * @param city a US city
 * @param state a US state code
 * @param dateTime when the person joined (event time, ms)
 * @param extra padding to reach Nexmark's average event size
 */
public record Person(
    long id,
    String name,
    String emailAddress,
    String creditCard,
    String city,
    String state,
    long dateTime,
    String extra)
    implements Event {

  @Override
  public String toRow() {
    return id
        + ","
        + name
        + ","
        + emailAddress
        + ","
        + creditCard
        + ","
        + city
        + ","
        + state
        + ","
        + dateTime
        + ","
        + extra;
  }
}
