package io.lambdakit.testing.sample;

/** A class with a plain method handler: {@code NotAHandler::greet}. */
public class NotAHandler {

    /**
     * @param name who to greet
     * @return the greeting
     */
    public String greet(String name) {
        return "hello " + name;
    }
}
