package corpus;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.util.ArrayDeque;
import java.util.Deque;

/** Saga: books a car, a hotel and a flight; on failure, compensates what was booked, newest first. */
@DurableWorkflow
public class TripBookingWorkflow {
  public record Trip(String traveller, String city, int nights) {}

  public record Booking(String kind, String confirmation) {}

  public record Itinerary(Booking car, Booking hotel, Booking flight) {}

  /** What a booking service throws when it refuses; steps rethrow it, on replay too. */
  public static class BookingRefusedException extends RuntimeException {
    public BookingRefusedException(String message) {
      super(message);
    }
  }

  @WorkflowMethod
  public Itinerary book(Trip trip) {
    Deque<Runnable> compensations = new ArrayDeque<>();
    try {
      Booking car = reserveCar(trip);
      compensations.push(() -> cancel(car));
      Booking hotel = reserveHotel(trip);
      compensations.push(() -> cancel(hotel));
      Booking flight = reserveFlight(trip);
      compensations.push(() -> cancel(flight));
      return new Itinerary(car, hotel, flight);
    } catch (BookingRefusedException e) {
      while (!compensations.isEmpty()) {
        compensations.pop().run();
      }
      throw e;
    }
  }

  @DurableStep
  Booking reserveCar(Trip trip) {
    return new Booking("car", "CAR-" + trip.traveller().hashCode());
  }

  @DurableStep
  Booking reserveHotel(Trip trip) {
    return new Booking("hotel", "HTL-" + trip.city() + "-" + trip.nights());
  }

  @DurableStep
  Booking reserveFlight(Trip trip) {
    if (trip.city().isBlank()) {
      throw new BookingRefusedException("no flights to nowhere");
    }
    return new Booking("flight", "FLT-" + trip.city());
  }

  @DurableStep
  void cancel(Booking booking) {
    System.out.println("cancelled " + booking.confirmation());
  }
}
