package io.roam.spoke.directory;

public enum DnState { LOGGED_IN, NOT_LOGGED_IN }
